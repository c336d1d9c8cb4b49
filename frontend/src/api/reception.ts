// Reception (AS-4 – AS-9): the server decides, once for every buyer message,
// who answers it and why; the window shows those decisions, tells the server
// what it shows (so assist never answers in the conversation the agent is
// reading), and edits each shop's assistant settings (聊天助手 → 辅助回复).
// Wraps app.ReceptionService; every call rejects with an AppError.
import * as ReceptionService from '../../wailsjs/go/app/ReceptionService'
import type { app, engine } from '../../wailsjs/go/models'
import { toConversations } from './decode'
import { call } from './errors'
import type { Conversation } from './types'

/**
 * What reception did with a buyer message: suggestions only, an answer sent
 * by assist on the agent's behalf, a hand-off to a human (tag and system
 * message), merged into the buyer's next line, or the robot's: an answer
 * from the KB, the fallback or away reply, the order-prediction card. A
 * newer backend may add more; the window shows those without knowing them.
 */
export type Outcome = 'suggest' | 'assist' | 'handoff' | 'merged' | 'robot' | 'fallback' | 'away' | 'predict' | (string & {})

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
  /** The system note the decision wrote for the agents, 0 for none, and its reason (worded by the window). */
  noticeId: number
  notice: Reason | null
}

/**
 * Why a conversation waits for a human, shown as a tag in the lists (AS-8,
 * RB-5, RB-8 – RB-10): assist could not answer or stopped, the robot sent
 * its fallback, a scene rule (or the complaint rule) sent it to a human,
 * the buyer asked for one or rated a robot reply unsolved, an automatic
 * reply held a sensitive word; '' for nothing special. Other values may
 * come from a newer backend.
 */
export type Attention =
  | ''
  | 'assist_stopped'
  | 'robot_fallback'
  | 'scene_rule'
  | 'complaint'
  | 'human_requested'
  | 'sensitive'
  | (string & {})

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

/** The keys of the assist settings (聊天助手 → 辅助回复). */
export type AssistSettingKey = 'assist.enabled' | 'assist.auto_send' | 'assist.threshold' | 'assist.burst_wait' | 'assist.draft_auto_send'

/** The keys of the robot's settings, the global switch and the rules (聊天助手 → 全自动机器人, RB-1 – RB-11). */
export type RobotSettingKey =
  | 'reply.enabled'
  | 'reply.off_windows'
  | 'robot.enabled'
  | 'robot.mode'
  | 'robot.fallback'
  | 'robot.away'
  | 'robot.greeting'
  | 'robot.hours'
  | 'robot.timezone'
  | 'robot.cn_holidays'
  | 'robot.days_off'
  | 'rules.scene'
  | 'rules.sensitive_words'
  | 'rules.sensitive_preset'

/** The keys SaveShopSettings takes (those of `rdctl config`), with their values as text ("on", "0.9", "3s"). */
export type SettingKey = AssistSettingKey | RobotSettingKey

/** Settings as text by key, as SaveShopSettings takes them and rdctl shows them. */
export type SettingValues = Partial<Record<SettingKey, string>>

/**
 * A shop's assistant settings, the defaults, and whether the agent at the
 * desk may change them. values and defaultValues hold every setting as text
 * (the robot's tab edits those).
 */
export interface ShopSettingsView {
  shopId: number
  settings: ShopSettings
  defaults: ShopSettings
  values: SettingValues
  defaultValues: SettingValues
  canEdit: boolean
}

/**
 * A buyer's rating (RB-7): of a robot reply (replyId > 0: solved or not,
 * with a reason and words) or of the session (replyId 0, score 1–5).
 */
export interface Rating {
  conversationId: number
  shopId: number
  replyId: number
  entryId: number
  solved: boolean
  score: number
  /** too_long, not_useful, irrelevant or other for an unsolved reply; '' otherwise. */
  reason: string
  text: string
  ratedAt: string
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
    noticeId: num(d.noticeId),
    notice: d.notice && typeof d.notice.key === 'string' && d.notice.key !== '' ? { key: d.notice.key, args: toArgs(d.notice.args) } : null,
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

function toValues(list: engine.SettingValue[] | null | undefined, field: 'value' | 'default'): SettingValues {
  const out: Record<string, string> = {}
  for (const v of Array.isArray(list) ? list : []) {
    if (typeof v?.key === 'string' && typeof v[field] === 'string') {
      out[v.key] = v[field]
    }
  }
  return out as SettingValues
}

export function toShopSettingsView(v: app.ShopSettingsView): ShopSettingsView {
  return {
    shopId: num(v.shopId),
    settings: toShopSettings(v.settings),
    defaults: toShopSettings(v.defaults),
    values: toValues(v.values, 'value'),
    defaultValues: toValues(v.values, 'default'),
    canEdit: v.canEdit === true,
  }
}

/** toRatings decodes ratings; one of no conversation is dropped. */
export function toRatings(list: engine.Rating[] | null | undefined): Rating[] {
  return (Array.isArray(list) ? list : [])
    .map((r) => ({
      conversationId: num(r.conversationId),
      shopId: num(r.shopId),
      replyId: num(r.replyId),
      entryId: num(r.entryId),
      solved: r.solved === true,
      score: num(r.score),
      reason: str(r.reason),
      text: str(r.text),
      ratedAt: str(r.ratedAt).replace(/(\.\d{3})\d+/, '$1'),
    }))
    .filter((r) => r.conversationId > 0)
}

/**
 * reportView tells the server what a window shows: the window (an id it
 * keeps for its life: each window of an agent reports on its own, and the
 * one in front counts), the open conversation (0 for none) and whether the
 * window is in front. A report holds for 6 s.
 */
export async function reportView(window: string, conversationId: number, focused: boolean): Promise<void> {
  await call(() => ReceptionService.ReportView({ window, conversationId, focused }))
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

/** copySettings copies the settings whose keys start with prefix ("robot.") from one shop to another (owner only); it returns the target's. */
export async function copySettings(from: number, to: number, prefix: string): Promise<ShopSettingsView> {
  return toShopSettingsView(await call(() => ReceptionService.CopySettings({ from, to, prefix })))
}

/** robotHolding lists a shop's open conversations only the robot has answered, newest first (RB-1: taken over before it stops). */
export async function robotHolding(shopId: number): Promise<Conversation[]> {
  return toConversations(await call(() => ReceptionService.RobotHolding(shopId)))
}

/**
 * importSensitiveWords adds a word list (a text or CSV file's content: one
 * word a line, or the first column) to the shop's own sensitive words
 * (owner only). It rejects with error.sensitive_list_invalid for a bad file,
 * error.setting_invalid past the limits, and changes nothing then.
 */
export async function importSensitiveWords(shopId: number, content: string): Promise<ShopSettingsView> {
  return toShopSettingsView(await call(() => ReceptionService.ImportSensitiveWords({ shopId, content })))
}

/** sensitiveWords returns the shop's sensitive words a draft holds (RB-10); none for none. */
export async function sensitiveWords(shopId: number, text: string): Promise<string[]> {
  const words = await call(() => ReceptionService.SensitiveWords(shopId, text))
  return Array.isArray(words) ? words.filter((w): w is string => typeof w === 'string' && w !== '') : []
}
