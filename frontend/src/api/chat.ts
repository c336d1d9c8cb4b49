// The chat service: conversations, messages and assist. Wraps the bindings of
// app.ChatService; every function rejects with an AppError.
import * as ChatService from '../../wailsjs/go/app/ChatService'
import { engine } from '../../wailsjs/go/models'
import { toAssist, toConversation, toConversations, toConversationView, toMessage, toPage, toShop, toSuggestions } from './decode'
import { call } from './errors'
import type {
  Assist,
  CardKind,
  Conversation,
  ConversationPage,
  ConversationView,
  ListFilter,
  Message,
  SendRequest,
  Shop,
  Suggestion,
} from './types'

/** shops lists the shops this desk serves. */
export async function shops(): Promise<Shop[]> {
  const list = await call(() => ChatService.Shops())
  return (list ?? []).map(toShop)
}

/** conversations lists the conversations that are not closed, newest activity first, at most 500. */
export async function conversations(): Promise<Conversation[]> {
  return toConversations(await call(() => ChatService.Conversations()))
}

/**
 * list returns a page of a conversation list with the counts of every list
 * under the same filter (CV-1). Empty dates are left out: the backend takes
 * a missing bound for none and refuses an empty string.
 */
export async function list(filter: ListFilter): Promise<ConversationPage> {
  const wire: Record<string, unknown> = {
    shopIds: filter.shopIds,
    list: filter.list,
    agentId: filter.agentId,
    query: filter.query,
    offset: filter.offset,
    limit: filter.limit,
  }
  if (filter.from) {
    wire.from = filter.from
  }
  if (filter.to) {
    wire.to = filter.to
  }
  return toPage(await call(() => ChatService.List(engine.ListFilter.createFrom(wire))))
}

/**
 * longestWaiting returns the open conversation whose buyer has waited longest
 * for a reply, of an agent (0: anyone's, queued ones included) in some shops
 * (empty: all). It rejects with error.none_waiting when nobody is waiting.
 */
export async function longestWaiting(agentId: number, shopIds: number[]): Promise<Conversation> {
  return toConversation(await call(() => ChatService.LongestWaiting(agentId, shopIds)))
}

/** transfer hands a conversation to an agent, or back to the queue (first in line) with agentId 0. */
export async function transfer(conversationId: number, agentId: number): Promise<Conversation> {
  return toConversation(await call(() => ChatService.Transfer(conversationId, agentId)))
}

/** close closes a conversation by hand; the buyer's next message opens a new one. */
export async function close(conversationId: number): Promise<Conversation> {
  return toConversation(await call(() => ChatService.Close(conversationId)))
}

/** open marks a conversation read and returns it with its messages, oldest first. */
export async function open(conversationId: number): Promise<ConversationView> {
  return toConversationView(await call(() => ChatService.Open(conversationId)))
}

/** assist returns the intent and recommended replies for the latest buyer message. */
export async function assist(conversationId: number): Promise<Assist> {
  return toAssist(await call(() => ChatService.Assist(conversationId)))
}

/** searchKB recommends replies from a shop's KB for what the agent is typing. */
export async function searchKB(shopId: number, text: string): Promise<Suggestion[]> {
  return toSuggestions(await call(() => ChatService.SearchKB(shopId, text)))
}

/** sendCard sends a card (an order's, or orderId '' for a coupon) to the buyer and returns the stored message. */
export async function sendCard(conversationId: number, kind: CardKind, orderId: string): Promise<Message> {
  return toMessage(await call(() => ChatService.SendCard(conversationId, kind, orderId)))
}

/**
 * send sends an agent's reply and returns the stored message; where its text
 * came from (fromEntryId, edited) tells the feedback loop what the agent did
 * (FB-1).
 */
export async function send(req: SendRequest): Promise<Message> {
  const wire = {
    conversationId: req.conversationId,
    text: req.text,
    entryId: req.entryId,
    fromEntryId: req.fromEntryId ?? 0,
    edited: req.edited ?? false,
  }
  return toMessage(await call(() => ChatService.Send(wire)))
}
