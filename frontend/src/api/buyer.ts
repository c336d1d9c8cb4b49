// The buyer panel's calls (CV-4): a conversation's buyer profile with its
// orders, and the agents' notes on a buyer. Wraps ChatService.BuyerProfile
// and ChatService.UpdateBuyer; every function rejects with an AppError.
import * as ChatService from '../../wailsjs/go/app/ChatService'
import { engine } from '../../wailsjs/go/models'
import { call } from './errors'
import { toOrder, type Order } from './orders'

/** A buyer with the agents' notes, never shown to the buyer. */
export interface Buyer {
  id: number
  shopId: number
  externalId: string
  name: string
  tags: string[]
  note: string
  followUp: boolean
}

/** What agents write about a buyer; saved whole. */
export interface BuyerNotes {
  tags: string[]
  note: string
  followUp: boolean
}

export type { Order, OrderItem } from './orders'

export interface Money {
  currency: string
  amountCents: number
}

/** What the buyer panel shows of a conversation's buyer. */
export interface BuyerProfile {
  buyer: Buyer
  shopName: string
  platform: string
  firstSeen: string
  conversations: number
  /** The newest orders, newest first (at most 50); orderCount counts them all. */
  orders: Order[]
  orderCount: number
  totals: Money[]
  updatedAt: string
}

/** The limits the backend holds notes to (engine.CheckBuyerNotes). */
export const maxTags = 20
export const maxTagLength = 20
export const maxNoteLength = 2000

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

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
}

export function toBuyer(b: engine.Buyer | Record<string, unknown>): Buyer {
  const r = b as Record<string, unknown>
  return {
    id: num(r.id),
    shopId: num(r.shopId),
    externalId: str(r.externalId),
    name: str(r.name),
    tags: strings(r.tags),
    note: str(r.note),
    followUp: r.followUp === true,
  }
}

export function toBuyerProfile(p: engine.BuyerProfile): BuyerProfile {
  return {
    buyer: toBuyer(p.buyer ?? {}),
    shopName: str(p.shopName),
    platform: str(p.platform),
    firstSeen: time(p.firstSeen),
    conversations: num(p.conversations),
    orders: (Array.isArray(p.orders) ? p.orders : []).map(toOrder),
    orderCount: num(p.orderCount),
    totals: (Array.isArray(p.totals) ? p.totals : []).map((m) => ({ currency: str(m.currency), amountCents: num(m.amountCents) })),
    updatedAt: time(p.updatedAt),
  }
}

/** profile returns the profile of a conversation's buyer with the newest orders. */
export async function profile(conversationId: number): Promise<BuyerProfile> {
  return toBuyerProfile(await call(() => ChatService.BuyerProfile(conversationId)))
}

/**
 * updateBuyer replaces a buyer's tags, note and follow-up flag and returns
 * the buyer as saved. Bad notes reject with an error.buyer_* key and change nothing.
 */
export async function updateBuyer(buyerId: number, notes: BuyerNotes): Promise<Buyer> {
  const wire = engine.BuyerNotes.createFrom({ tags: [...notes.tags], note: notes.note, followUp: notes.followUp })
  return toBuyer(await call(() => ChatService.UpdateBuyer(buyerId, wire)))
}
