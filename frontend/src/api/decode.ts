// Decoding of what the Go side sends. Bound methods and events deliver parsed
// JSON, not instances of the generated classes: slices may arrive as null, times
// as RFC 3339 strings and enumerations as any string. These functions are the
// one place that turns that into the types of types.ts.
import type { app, engine } from '../../wailsjs/go/models'
import type {
  AppInfo,
  Assist,
  Conversation,
  ConversationMessageEvent,
  ConversationStatus,
  ConversationView,
  Message,
  Sender,
  Shop,
  Suggestion,
} from './types'

const senders: ReadonlySet<string> = new Set<Sender>([
  'buyer',
  'agent',
  'assist',
  'robot',
  'system',
  'greeting',
  'away',
  'fallback',
])

function isSender(s: string): s is Sender {
  return senders.has(s)
}

/** A sender this window does not know is shown as a system line. */
function toSender(s: string): Sender {
  return isSender(s) ? s : 'system'
}

function toStatus(s: string): ConversationStatus {
  return s === 'closed' ? 'closed' : 'open'
}

/**
 * toTime keeps an RFC 3339 time as a string, cut to milliseconds: Go writes
 * nanoseconds, which not every webview's Date.parse accepts.
 */
function toTime(t: unknown): string {
  return typeof t === 'string' ? t.replace(/(\.\d{3})\d+/, '$1') : ''
}

export function toShop(s: engine.Shop): Shop {
  return { id: s.id, name: s.name, platform: s.platform, locale: s.locale }
}

export function toConversation(c: engine.Conversation): Conversation {
  return {
    id: c.id,
    shopId: c.shopId,
    shopName: c.shopName,
    buyerId: c.buyerId,
    buyerName: c.buyerName,
    status: toStatus(c.status),
    unread: c.unread,
    lastText: c.lastText,
    lastSender: toSender(c.lastSender),
    lastAt: toTime(c.lastAt),
    startedAt: toTime(c.startedAt),
  }
}

export function toMessage(m: engine.Message): Message {
  return {
    id: m.id,
    conversationId: m.conversationId,
    sender: toSender(m.sender),
    type: m.type,
    text: m.text,
    entryId: m.entryId,
    createdAt: toTime(m.createdAt),
  }
}

export function toConversationView(v: app.ConversationView): ConversationView {
  return {
    conversation: toConversation(v.conversation),
    messages: (v.messages ?? []).map(toMessage),
  }
}

export function toSuggestion(s: engine.Suggestion): Suggestion {
  return {
    entryId: s.entryId,
    question: s.question,
    intent: s.intent,
    category: s.category,
    answer: s.answer,
    confidence: s.confidence,
  }
}

export function toSuggestions(list: engine.Suggestion[] | null): Suggestion[] {
  return (list ?? []).map(toSuggestion)
}

export function toAssist(a: engine.Assist): Assist {
  return {
    conversationId: a.conversationId,
    messageId: a.messageId,
    query: a.query,
    intent: a.intent,
    suggestions: toSuggestions(a.suggestions),
  }
}

export function toAppInfo(i: app.Info): AppInfo {
  return { version: i.version, dataDir: i.dataDir, simulatorUrl: i.simulatorUrl }
}

/** The conversation:message payload; see app.MessageEvent on the Go side. */
export interface WireMessageEvent {
  conversation: engine.Conversation
  message: engine.Message
}

export function toConversationMessageEvent(e: WireMessageEvent): ConversationMessageEvent {
  return { conversation: toConversation(e.conversation), message: toMessage(e.message) }
}
