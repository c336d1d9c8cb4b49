// Subscriptions to the events the Go side pushes. Each function returns the
// function that ends its subscription; callers release it on unmount.
import type { engine } from '../../wailsjs/go/models'
import { EventsOn } from '../../wailsjs/runtime/runtime'
import {
  EVENT_AGENTS_CHANGED,
  EVENT_ASSIST_UPDATED,
  EVENT_CONVERSATION_MESSAGE,
  EVENT_CONVERSATION_UPDATED,
  EVENT_KB_CHANGED,
  EVENT_KB_IMPORT,
} from '../consts/events'
import {
  toAgents,
  toAssist,
  toConversation,
  toConversationMessageEvent,
  toImportProgress,
  toKBChangedEvent,
  type WireImportProgress,
  type WireMessageEvent,
} from './decode'
import type { Agent, Assist, Conversation, ConversationMessageEvent, ImportProgress, KBChangedEvent } from './types'

export type Unsubscribe = () => void

/** onConversationMessage calls handler with every new message, the buyer's or ours. */
export function onConversationMessage(handler: (event: ConversationMessageEvent) => void): Unsubscribe {
  return EventsOn(EVENT_CONVERSATION_MESSAGE, (payload: WireMessageEvent) => {
    handler(toConversationMessageEvent(payload))
  })
}

/** onConversationUpdated calls handler with a conversation whose summary changed. */
export function onConversationUpdated(handler: (conversation: Conversation) => void): Unsubscribe {
  return EventsOn(EVENT_CONVERSATION_UPDATED, (payload: engine.Conversation) => {
    handler(toConversation(payload))
  })
}

/** onKBImport calls handler with the progress of every KB import under way. */
export function onKBImport(handler: (progress: ImportProgress) => void): Unsubscribe {
  return EventsOn(EVENT_KB_IMPORT, (payload: WireImportProgress) => {
    handler(toImportProgress(payload))
  })
}

/** onKBChanged calls handler whenever a shop's KB changes, by this window or another hand. */
export function onKBChanged(handler: (event: KBChangedEvent) => void): Unsubscribe {
  return EventsOn(EVENT_KB_CHANGED, (payload: { shopId: number }) => {
    handler(toKBChangedEvent(payload))
  })
}

/**
 * onAssistUpdated calls handler with the suggestions of an assist as the LLM
 * reordered them, some time after ChatService.Assist returned them (LM-2).
 */
export function onAssistUpdated(handler: (assist: Assist) => void): Unsubscribe {
  return EventsOn(EVENT_ASSIST_UPDATED, (payload: engine.Assist) => {
    handler(toAssist(payload))
  })
}

/** onAgentsChanged calls handler with every agent whenever a status, capacity or workload changes. */
export function onAgentsChanged(handler: (agents: Agent[]) => void): Unsubscribe {
  return EventsOn(EVENT_AGENTS_CHANGED, (payload: engine.Agent[] | null) => {
    handler(toAgents(payload))
  })
}
