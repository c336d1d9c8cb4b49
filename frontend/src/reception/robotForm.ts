// The robot's tab of 聊天助手 (RB-1 – RB-11) edits the shop's settings as
// the form below, read from and written back to the settings' text (the
// values of `rdctl config`): only what really changed is saved.
import type { RobotSettingKey, SettingValues } from '../api/reception'
import { emptyWeek, formatWeek, parseWeek, type Week } from './week'

/** The keys of the robot's tab. */
export const robotSettingKeys: readonly RobotSettingKey[] = Object.freeze([
  'reply.enabled',
  'reply.off_windows',
  'robot.enabled',
  'robot.mode',
  'robot.fallback',
  'robot.away',
  'robot.greeting',
  'robot.hours',
  'robot.timezone',
  'robot.cn_holidays',
  'robot.days_off',
  'rules.scene',
  'rules.sensitive_words',
  'rules.sensitive_preset',
])

export type RobotMode = 'all_day' | 'off_hours'

/** A scene rule (RB-9): messages of an intent, or holding a keyword, go straight to a human. */
export interface SceneRuleItem {
  kind: 'intent' | 'keyword'
  value: string
}

export interface RobotForm {
  /** The global auto-reply switch (reply.enabled) and the times automatic replies are off (reply.off_windows). */
  replyEnabled: boolean
  offWindows: Week
  robotEnabled: boolean
  robotMode: RobotMode
  greeting: string
  fallback: string
  away: string
  hours: Week
  timeZone: string
  cnHolidays: boolean
  /** Days off, "2026-12-25", sorted. */
  daysOff: string[]
  sceneRules: SceneRuleItem[]
  sensitiveWords: string[]
  sensitivePreset: boolean
}

/** The most sensitive words and scene rules a shop may have, and their lengths (engine/settings.go). */
export const robotLimits = Object.freeze({ maxReplyText: 500, maxSensitiveWords: 10_000, maxSensitiveRunes: 50, maxSceneRules: 200, maxSceneRuleRunes: 50 })

function splitList(v: string): string[] {
  const out: string[] = []
  for (const x of v.split(/[,\n，]/)) {
    const w = x.trim()
    if (w !== '' && !out.includes(w)) {
      out.push(w)
    }
  }
  return out
}

/** parseSceneRules reads "intent:complaint,keyword:12315"; a rule it cannot read is left out. */
export function parseSceneRules(text: string): SceneRuleItem[] {
  const out: SceneRuleItem[] = []
  for (const x of splitList(text)) {
    const at = x.indexOf(':')
    const kind = x.slice(0, at).trim()
    const value = x.slice(at + 1).trim()
    if (at > 0 && value !== '' && (kind === 'intent' || kind === 'keyword')) {
      out.push({ kind, value })
    }
  }
  return out
}

export function sceneRulesText(rules: readonly SceneRuleItem[]): string {
  return rules.map((r) => `${r.kind}:${r.value}`).join(',')
}

function weekOf(text: string | undefined): Week {
  return parseWeek(text ?? '') ?? emptyWeek()
}

/** robotFormOf reads the form from a shop's settings as text; a value missing reads as its zero. */
export function robotFormOf(v: SettingValues): RobotForm {
  return {
    replyEnabled: v['reply.enabled'] !== 'off',
    offWindows: weekOf(v['reply.off_windows']),
    robotEnabled: v['robot.enabled'] === 'on',
    robotMode: v['robot.mode'] === 'off_hours' ? 'off_hours' : 'all_day',
    greeting: v['robot.greeting'] ?? '',
    fallback: v['robot.fallback'] ?? '',
    away: v['robot.away'] ?? '',
    hours: weekOf(v['robot.hours']),
    timeZone: v['robot.timezone'] ?? '',
    cnHolidays: v['robot.cn_holidays'] === 'on',
    daysOff: [...new Set(splitList(v['robot.days_off'] ?? ''))].sort(),
    sceneRules: parseSceneRules(v['rules.scene'] ?? ''),
    sensitiveWords: splitList(v['rules.sensitive_words'] ?? ''),
    sensitivePreset: v['rules.sensitive_preset'] === 'on',
  }
}

/** robotValuesOf writes the form as the settings' text, every key. */
export function robotValuesOf(f: RobotForm): Record<RobotSettingKey, string> {
  const onOff = (b: boolean) => (b ? 'on' : 'off')
  return {
    'reply.enabled': onOff(f.replyEnabled),
    'reply.off_windows': formatWeek(f.offWindows),
    'robot.enabled': onOff(f.robotEnabled),
    'robot.mode': f.robotMode,
    'robot.greeting': f.greeting.trim(),
    'robot.fallback': f.fallback.trim(),
    'robot.away': f.away.trim(),
    'robot.hours': formatWeek(f.hours),
    'robot.timezone': f.timeZone.trim(),
    'robot.cn_holidays': onOff(f.cnHolidays),
    'robot.days_off': [...new Set(f.daysOff)].sort().join(','),
    'rules.scene': sceneRulesText(f.sceneRules),
    'rules.sensitive_words': f.sensitiveWords.join('\n'),
    'rules.sensitive_preset': onOff(f.sensitivePreset),
  }
}

/**
 * robotChangesOf lists the settings the form changed, as SaveShopSettings
 * takes them. Saved values are compared as the form would write them, so a
 * value written differently but meaning the same is no change.
 */
export function robotChangesOf(saved: SettingValues, form: RobotForm): Partial<Record<RobotSettingKey, string>> {
  const before = robotValuesOf(robotFormOf(saved))
  const after = robotValuesOf(form)
  const out: Partial<Record<RobotSettingKey, string>> = {}
  for (const k of Object.keys(after) as RobotSettingKey[]) {
    if (after[k] !== before[k]) {
      out[k] = after[k]
    }
  }
  return out
}

/** settingOf names the setting a refusal is about: the backend's message starts with it ("robot.hours=…: …"). */
export function settingOf(message: string): string | null {
  const m = /^\s*([a-z]+\.[a-z_]+)\s*[=:]/.exec(message)
  return m ? m[1]! : null
}

/** problemOf is the part of a refusal's message after the setting and its value: what it takes. */
export function problemOf(message: string): string {
  const m = /^\s*[a-z]+\.[a-z_]+(?:=(?:"(?:[^"\\]|\\.)*"|\S*))?\s*:\s*(.*)$/s.exec(message)
  return m ? m[1]!.trim() : message
}
