// The data the backend exchanges with the window, as the rest of the frontend
// sees it. The generated classes in wailsjs/go/models.ts describe the same JSON
// but type times as `any` and enumerations as plain strings; decode.ts turns
// them into these.

/** Who wrote a message. Every side but the buyer's and the system's is the shop's. */
export type Sender = 'buyer' | 'agent' | 'assist' | 'robot' | 'system' | 'greeting' | 'away' | 'fallback'

export type ConversationStatus = 'open' | 'closed'

export interface Shop {
  id: number
  name: string
  platform: string
  locale: string
}

/** A conversation as the list shows it. Times are RFC 3339 strings. */
export interface Conversation {
  id: number
  shopId: number
  shopName: string
  buyerId: number
  buyerName: string
  status: ConversationStatus
  /** Buyer messages the agent has not opened yet. */
  unread: number
  lastText: string
  lastSender: Sender
  lastAt: string
  startedAt: string
}

export interface Message {
  id: number
  conversationId: number
  sender: Sender
  type: string
  text: string
  /** The KB entry a reply was taken from; 0 for free text. */
  entryId: number
  createdAt: string
}

/** An opened conversation with its messages, oldest first. */
export interface ConversationView {
  conversation: Conversation
  messages: Message[]
}

/** One recommended reply taken from the knowledge base. */
export interface Suggestion {
  entryId: number
  question: string
  intent: string
  category: string
  answer: string
  /** How sure the match is, in [0, 1]. */
  confidence: number
}

/** What the assist panel shows for the latest buyer message of a conversation. */
export interface Assist {
  conversationId: number
  /** The buyer message answered; 0 when the conversation has none. */
  messageId: number
  query: string
  /** The recognised intent key; empty when nothing matched confidently. */
  intent: string
  suggestions: Suggestion[]
}

/** An agent's reply. entryId is the KB entry it came from, 0 for free text. */
export interface SendRequest {
  conversationId: number
  text: string
  entryId: number
}

export interface AppInfo {
  version: string
  dataDir: string
  simulatorUrl: string
}

/** The payload of the conversation:message event. */
export interface ConversationMessageEvent {
  conversation: Conversation
  message: Message
}

export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unavailable' | 'internal'

/**
 * AppError is how every failed call reaches the stores and components: key is
 * an i18n key (such as error.message_empty), message an English fallback for
 * keys the window cannot translate.
 */
export interface AppError {
  kind: ErrorKind
  key: string
  message: string
}
