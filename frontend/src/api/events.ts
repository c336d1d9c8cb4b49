// Subscriptions to the events the Go side pushes. Each function returns the
// function that ends its subscription; callers release it on unmount.
import type { engine } from '../../wailsjs/go/models'
import { EventsOn } from '../../wailsjs/runtime/runtime'
import {
  EVENT_ASSIST_UPDATED,
  EVENT_BUYER_UPDATED,
  EVENT_DESK_BATCH,
  EVENT_KB_CHANGED,
  EVENT_KB_IMPORT,
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
