// Subscriptions to the events the Go side pushes. Each function returns the
// function that ends its subscription; callers release it on unmount.
import type { engine } from '../../wailsjs/go/models'
import { EventsOn } from '../../wailsjs/runtime/runtime'
import { EVENT_CONVERSATION_MESSAGE, EVENT_CONVERSATION_UPDATED } from '../consts/events'
import { toConversation, toConversationMessageEvent, type WireMessageEvent } from './decode'
import type { Conversation, ConversationMessageEvent } from './types'

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
