// Reception (AS-4 – AS-9): the server decides, once for every buyer message,
// who answers it and why; the window shows those decisions, tells the server
// what it shows (so assist never answers in the conversation the agent is
// reading), and edits each shop's assistant settings (聊天助手 → 辅助回复).
// Wraps app.ReceptionService; every call rejects with an AppError.
import * as ReceptionService from '../../wailsjs/go/app/ReceptionService'
import type { app, engine } from '../../wailsjs/go/models'
import { call } from './errors'

/**
 * What reception did with a buyer message: suggestions only, an answer sent
 * by assist on the agent's behalf, a hand-off to a human (tag and system
 * message), or merged into the buyer's next line. A newer backend may add
 * more (the robot's); the window shows those without knowing them.
 */
export type Outcome = 'suggest' | 'assist' | 'handoff' | 'merged' | (string & {})

/** Why a decision was made: a key (reason.* in the language files) and its arguments. */
export interface Reason {
  key: string
  args: Record<string, string>
}

/** A decision as the server kept it (engine.DecisionRecord). */
export interface DecisionRecord {
  /** The buyer message decided. */
  messageId: number
  conversationId: number
  shopId: number
  outcome: Outcome
  reason: Reason
  /** The KB entry matched, 0 for none. */
  entryId: number
  intent: string
  confidence: number
  threshold: number
  /** The automatic reply sent, 0 for none. */
  replyId: number
  /** The agent serving the conversation (on whose behalf assist answered), 0 for none. */
  agentId: number
  decidedAt: string
}

/**
 * Why a conversation waits for a human, shown as a tag in the lists (AS-8):
 * assist_stopped when assist could not answer or stopped; '' for nothing
 * special. Other values may come from a newer backend.
 */
export type Attention = '' | 'assist_stopped' | (string & {})

/** A shop's assistant settings (engine.ShopSettings). */
export interface ShopSettings {
  assistEnabled: boolean
  autoSend: boolean
  /** The confidence from which an answer is sent on its own, 0.5–1. */
  threshold: number
  /** How long a buyer's burst of lines is waited for, in ms (0–30,000). */
  burstWaitMs: number
  draftAutoSend: boolean
}

/** The keys SaveShopSettings takes, with their values as text ("on", "0.9", "3s"). */
export type SettingKey = 'assist.enabled' | 'assist.auto_send' | 'assist.threshold' | 'assist.burst_wait' | 'assist.draft_auto_send'

/** A shop's assistant settings, the defaults, and whether the agent at the desk may change them. */
export interface ShopSettingsView {
  shopId: number
  settings: ShopSettings
  defaults: ShopSettings
  canEdit: boolean
}

/** The limits the backend holds the settings to (engine.MinThreshold…). */
export const settingLimits = Object.freeze({ minThreshold: 0.5, maxThreshold: 1, maxBurstWaitMs: 30_000 })

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

function toArgs(v: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string') {
        out[k] = x
      }
    }
  }
  return out
}

/** toDecision decodes one decision; times keep milliseconds at most. */
export function toDecision(d: engine.DecisionRecord): DecisionRecord {
  const reason = (d.reason ?? {}) as Partial<engine.Reason>
  return {
    messageId: num(d.messageId),
    conversationId: num(d.conversationId),
    shopId: num(d.shopId),
    outcome: str(d.outcome),
    reason: { key: str(reason.key), args: toArgs(reason.args) },
    entryId: num(d.entryId),
    intent: str(d.intent),
    confidence: num(d.confidence),
    threshold: num(d.threshold),
    replyId: num(d.replyId),
    agentId: num(d.agentId),
    decidedAt: str(d.decidedAt).replace(/(\.\d{3})\d+/, '$1'),
  }
}

/** toDecisions decodes a list of decisions; one without its buyer message is dropped. */
export function toDecisions(list: engine.DecisionRecord[] | null | undefined): DecisionRecord[] {
  return (Array.isArray(list) ? list : []).map(toDecision).filter((d) => d.messageId > 0)
}

function toShopSettings(s: Partial<engine.ShopSettings> | null | undefined): ShopSettings {
  return {
    assistEnabled: s?.assistEnabled === true,
    autoSend: s?.autoSend === true,
    threshold: num(s?.threshold),
    burstWaitMs: num(s?.burstWaitMs),
    draftAutoSend: s?.draftAutoSend === true,
  }
}

export function toShopSettingsView(v: app.ShopSettingsView): ShopSettingsView {
  return {
    shopId: num(v.shopId),
    settings: toShopSettings(v.settings),
    defaults: toShopSettings(v.defaults),
    canEdit: v.canEdit === true,
  }
}

/**
 * reportView tells the server what the window shows: the open conversation
 * (0 for none) and whether the window is in front. A report holds for 6 s.
 */
export async function reportView(conversationId: number, focused: boolean): Promise<void> {
  await call(() => ReceptionService.ReportView({ conversationId, focused }))
}

/** shopSettings returns a shop's assistant settings. */
export async function shopSettings(shopId: number): Promise<ShopSettingsView> {
  return toShopSettingsView(await call(() => ReceptionService.ShopSettings(shopId)))
}

/**
 * saveShopSettings checks and saves changes, all or none, and returns the
 * settings as saved. It rejects with error.settings_owner_only for an agent
 * who is not the owner, error.setting_invalid or error.setting_unknown.
 */
export async function saveShopSettings(shopId: number, changes: Partial<Record<SettingKey, string>>): Promise<ShopSettingsView> {
  return toShopSettingsView(await call(() => ReceptionService.SaveShopSettings({ shopId, changes: { ...changes } })))
}
