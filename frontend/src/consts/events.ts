// Names of the events the Go side pushes to the window; mirrors app/events.go.

/** A new message in a conversation, the buyer's or the shop's. Payload: ConversationMessageEvent. */
export const EVENT_CONVERSATION_MESSAGE = 'conversation:message'

/** A conversation's summary changed (read, closed…). Payload: Conversation. */
export const EVENT_CONVERSATION_UPDATED = 'conversation:updated'

/** How far a KB import is. Payload: ImportProgress. */
export const EVENT_KB_IMPORT = 'kb:import'

/** A shop's KB was changed (saved, deleted, rolled back, imported, copied). Payload: KBChangedEvent. */
export const EVENT_KB_CHANGED = 'kb:changed'

/** The LLM reordered the suggestions of an assist, after ChatService.Assist returned them (LM-2). Payload: Assist. */
export const EVENT_ASSIST_UPDATED = 'assist:updated'

/** An agent's status, capacity or number of conversations changed. Payload: Agent[], every agent. */
export const EVENT_AGENTS_CHANGED = 'agents:changed'
