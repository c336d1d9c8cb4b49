// Subscriptions to the events the Go side pushes. Each function returns the
// function that ends its subscription; callers release it on unmount.
import type { engine } from '../../wailsjs/go/models'
import { EventsOn } from '../../wailsjs/runtime/runtime'
import {
  EVENT_ASSIST_UPDATED,
  EVENT_BUYER_UPDATED,
  EVENT_DESK_BATCH,
  EVENT_FEEDBACK_CHANGED,
  EVENT_FEEDBACK_JOB,
  EVENT_KB_CHANGED,
  EVENT_KB_IMPORT,
  EVENT_REPLAY_OFFER,
  EVENT_SETTINGS_CHANGED,
} from '../consts/events'
import { toBuyer, type Buyer } from './buyer'
import {
  toAssist,
  toDeskBatch,
  toImportProgress,
  toKBChangedEvent,
  type WireDeskBatch,
  type WireImportProgress,
} from './decode'
import { toJobEvent } from './feedback'
import type { JobEvent, ReplayOffer } from './feedbackTypes'
import type { Assist, DeskBatch, ImportProgress, KBChangedEvent } from './types'

export type Unsubscribe = () => void

/**
 * onDeskBatch calls handler with what changed at the desk: new messages, the
 * buyer's or ours, changed conversation summaries, and every agent when a
 * status or workload changed (null when none did).
 */
export function onDeskBatch(handler: (batch: DeskBatch) => void): Unsubscribe {
  return EventsOn(EVENT_DESK_BATCH, (payload: WireDeskBatch) => {
    handler(toDeskBatch(payload))
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

/** onBuyerUpdated calls handler whenever a buyer's notes are saved, by this window or another (CV-4). */
export function onBuyerUpdated(handler: (b: Buyer) => void): Unsubscribe {
  return EventsOn(EVENT_BUYER_UPDATED, (payload: engine.Buyer) => {
    handler(toBuyer(payload))
  })
}

/** onSettingsChanged calls handler whenever shops' assistant settings change, in this window, another or by rdctl. */
export function onSettingsChanged(handler: () => void): Unsubscribe {
  return EventsOn(EVENT_SETTINGS_CHANGED, () => {
    handler()
  })
}

/** onFeedbackChanged calls handler whenever a shop's proposals or review queue change (FB-1, FB-3). */
export function onFeedbackChanged(handler: (e: { shopId: number }) => void): Unsubscribe {
  return EventsOn(EVENT_FEEDBACK_CHANGED, (payload: { shopId: number }) => {
    handler({ shopId: payload.shopId })
  })
}

/** onFeedbackJob calls handler with the progress of a replay or an analysis, and when it ends. */
export function onFeedbackJob(handler: (e: JobEvent) => void): Unsubscribe {
  return EventsOn(EVENT_FEEDBACK_JOB, (payload: Parameters<typeof toJobEvent>[0]) => {
    handler(toJobEvent(payload))
  })
}

/** onReplayOffer calls handler when the robot or auto-send is switched on for a shop (FB-5). */
export function onReplayOffer(handler: (e: ReplayOffer) => void): Unsubscribe {
  return EventsOn(EVENT_REPLAY_OFFER, (payload: ReplayOffer) => {
    handler({ shopId: payload.shopId, key: payload.key })
  })
}
