// Names of the events the Go side pushes to the window; mirrors app/events.go.

/**
 * What changed at the desk in the last moment (about 50 ms), pushed together
 * so a burst of buyer messages costs the window one update: new messages in
 * order, the newest summary of each changed conversation, and every agent when
 * a status or workload changed. Payload: DeskBatch.
 */
export const EVENT_DESK_BATCH = 'desk:batch'

/** How far a KB import is. Payload: ImportProgress. */
export const EVENT_KB_IMPORT = 'kb:import'

/** A shop's KB was changed (saved, deleted, rolled back, imported, copied). Payload: KBChangedEvent. */
export const EVENT_KB_CHANGED = 'kb:changed'

/** The LLM reordered the suggestions of an assist, after ChatService.Assist returned them (LM-2). Payload: Assist. */
export const EVENT_ASSIST_UPDATED = 'assist:updated'

/** An agent saved a buyer's tags, note or follow-up flag (CV-4). Payload: engine.Buyer. */
export const EVENT_BUYER_UPDATED = 'buyer:updated'

/** Shops' assistant settings changed, in the window or by rdctl: reload what is shown. No payload. */
export const EVENT_SETTINGS_CHANGED = 'settings:changed'
/** A shop's proposals or review queue changed (FB-1, FB-3). Payload: { shopId }. */
export const EVENT_FEEDBACK_CHANGED = 'feedback:changed'

/** How far a replay or an analysis of unanswered questions is, and when it ends (FB-2, FB-5). Payload: JobEvent. */
export const EVENT_FEEDBACK_JOB = 'feedback:job'

/** The robot or auto-send was switched on for a shop: a replay is offered (FB-5). Payload: ReplayOffer. */
export const EVENT_REPLAY_OFFER = 'feedback:replay-offer'
