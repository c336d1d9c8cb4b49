// Card messages (SPEC §1, SA-4): decoding their payload and sending them.
// The payload arrives as parsed JSON; anything unexpected in it is dropped
// rather than shown, and the message's text summary still is.
import type { engine } from '../../wailsjs/go/models'
import type { Card, CardKind, CardMessageKind, CardOrder, Coupon } from './types'

export const cardKinds: readonly CardKind[] = ['order_card', 'logistics_card', 'coupon_card', 'address_card']

export function isCardKind(k: unknown): k is CardKind {
  return typeof k === 'string' && (cardKinds as readonly string[]).includes(k)
}

/** isCardMessageKind tells the kinds of card a message may hold: an agent's, or the order-prediction card (SA-2). */
export function isCardMessageKind(k: unknown): k is CardMessageKind {
  return isCardKind(k) || k === 'order_prediction_card'
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const time = (v: unknown): string => (typeof v === 'string' && !v.startsWith('0001-') ? v : '')

function toOrder(o: unknown): CardOrder | null {
  if (typeof o !== 'object' || o === null) {
    return null
  }
  const r = o as Record<string, unknown>
  const items = Array.isArray(r.items) ? r.items : []
  return {
    id: str(r.id),
    status: str(r.status),
    items: items
      .filter((it): it is Record<string, unknown> => typeof it === 'object' && it !== null)
      .map((it) => ({ name: str(it.name), sku: str(it.sku), quantity: num(it.quantity) })),
    amountCents: num(r.amountCents),
    currency: str(r.currency),
    promiseShipAt: time(r.promiseShipAt),
    courier: str(r.courier),
    trackingNo: str(r.trackingNo),
    address: str(r.address),
  }
}

function toCoupon(c: unknown): Coupon | null {
  if (typeof c !== 'object' || c === null) {
    return null
  }
  const r = c as Record<string, unknown>
  return { amountOffCents: num(r.amountOffCents), minSpendCents: num(r.minSpendCents), currency: str(r.currency), expiresAt: time(r.expiresAt) }
}

/**
 * toCard decodes a message's payload; null when there is none or it is not a
 * card, and for an order-prediction card without a candidate (its text
 * summary is shown then).
 */
export function toCard(p: engine.Card | null | undefined): Card | null {
  if (typeof p !== 'object' || p === null || !isCardMessageKind(p.kind)) {
    return null
  }
  const candidates = (Array.isArray(p.candidates) ? p.candidates : [])
    .map(toOrder)
    .filter((o): o is CardOrder => o !== null && o.id !== '')
  if (p.kind === 'order_prediction_card' && candidates.length === 0) {
    return null
  }
  const a = p.address as unknown
  const address =
    typeof a === 'object' && a !== null
      ? { orderId: str((a as Record<string, unknown>).orderId), text: str((a as Record<string, unknown>).text) }
      : null
  return { kind: p.kind, order: toOrder(p.order), coupon: toCoupon(p.coupon), address, candidates }
}
