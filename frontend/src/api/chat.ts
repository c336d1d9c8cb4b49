// The chat service: conversations, messages and assist. Wraps the bindings of
// app.ChatService; every function rejects with an AppError.
import * as ChatService from '../../wailsjs/go/app/ChatService'
import { toAssist, toConversation, toConversationView, toMessage, toShop, toSuggestions } from './decode'
import { call } from './errors'
import type { Assist, Conversation, ConversationView, Message, SendRequest, Shop, Suggestion } from './types'

/** shops lists the shops this desk serves. */
export async function shops(): Promise<Shop[]> {
  const list = await call(() => ChatService.Shops())
  return (list ?? []).map(toShop)
}

/** conversations lists every conversation, newest activity first. */
export async function conversations(): Promise<Conversation[]> {
  const list = await call(() => ChatService.Conversations())
  return (list ?? []).map(toConversation)
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

/** send sends an agent's reply and returns the stored message. */
export async function send(req: SendRequest): Promise<Message> {
  return toMessage(await call(() => ChatService.Send(req)))
}
