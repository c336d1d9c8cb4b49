// A buyer's orders as the channels report them, and the order a
// conversation is about (SA-3): the buyer panel lists the first, the assist
// panel shows the second. Decoding only; the calls are in buyer.ts and chat.ts.
import type { engine } from '../../wailsjs/go/models'

export interface OrderItem {
  name: string
  sku: string
  quantity: number
}

/** One of the buyer's orders as its channel reported it. Times are RFC 3339, '' when unknown. */
export interface Order {
  id: string
  shopId: number
  buyerId: number
  /** unpaid, paid, overdue, shipped, delivered, after_sales (orderStatus.* labels). */
  status: string
  /** The amount × 100, whatever the currency. */
  amountCents: number
  /** ISO 4217 code, '' for the shop's own. */
  currency: string
  items: OrderItem[]
  promiseShipAt: string
  courier: string
  trackingNo: string
  address: string
  createdAt: string
  updatedAt: string
}

/**
 * How the conversation's order was told: the buyer sent it as a card, wrote
 * its number, or has only this one open order; '' when none was.
 */
export type OrderSource = 'card' | 'text' | 'only_open' | ''

/**
 * The order a conversation is about and its state now (SA-3): the answers
 * recommended are those for that state. order is null when none could be told.
 */
export interface OrderContext {
  order: Order | null
  /** The order's state now: a paid order past its promised ship time is overdue. '' without an order. */
  state: string
  source: OrderSource
  overdue: boolean
  /** How many open orders the buyer has. */
  candidates: number
}

export const noOrderContext: Readonly<OrderContext> = Object.freeze({ order: null, state: '', source: '', overdue: false, candidates: 0 })

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** A time the Go side sent; the zero time and anything unparsable become ''. */
function time(v: unknown): string {
  const s = str(v)
  return s === '' || s.startsWith('0001-01-01') ? '' : s
}

export function toOrder(o: engine.Order): Order {
  return {
    id: str(o.id),
    shopId: num(o.shopId),
    buyerId: num(o.buyerId),
    status: str(o.status),
    amountCents: num(o.amountCents),
    currency: str(o.currency),
    items: (Array.isArray(o.items) ? o.items : []).map((it) => ({
      name: str(it.name),
      sku: str(it.sku),
      quantity: num(it.quantity),
    })),
    promiseShipAt: time(o.promiseShipAt),
    courier: str(o.courier),
    trackingNo: str(o.trackingNo),
    address: str(o.address),
    createdAt: time(o.createdAt),
    updatedAt: time(o.updatedAt),
  }
}

function toOrderSource(s: unknown): OrderSource {
  return s === 'card' || s === 'text' || s === 'only_open' ? s : ''
}

/** toOrderContext decodes engine.OrderContext; a missing or malformed one is "no order". */
export function toOrderContext(c: engine.OrderContext | null | undefined): OrderContext {
  if (c === null || c === undefined || typeof c !== 'object') {
    return { ...noOrderContext }
  }
  const order = c.order && typeof c.order === 'object' && str(c.order.id) !== '' ? toOrder(c.order) : null
  const state = order === null ? '' : str(c.state) || order.status
  return {
    order,
    state,
    source: order === null ? '' : toOrderSource(c.source),
    overdue: order !== null && (c.overdue === true || state === 'overdue'),
    candidates: num(c.candidates),
  }
}
