// The dashboard's arithmetic (MT-6): rates from counts, per day and in
// total, and how they read. The counts come from the Go side, which applies
// the platforms' definitions; nothing here decides what counts.
import type { DaySeries, Figures, KPICount } from '../api/metrics'

/** ratio is n / d, or null when there is nothing to divide. */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null
}

/** The rates of a day's, an agent's or a range's figures. */
export interface Rates {
  response24h: number | null
  /** The average first response time in ms (MT-2). */
  firstResponseMs: number | null
  satisfaction: number | null
  resolved: number | null
  handoff: number | null
  kpis: (number | null)[]
}

export function kpiRate(k: KPICount): number | null {
  return ratio(k.met, k.met + k.missed + k.due)
}

export function rates(f: Figures): Rates {
  return {
    response24h: ratio(f.answered24h, f.sessions),
    firstResponseMs: f.humanSessions > 0 ? Math.floor(f.firstResponseMs / f.humanSessions) : null,
    satisfaction: ratio(f.satisfied, f.rated),
    resolved: ratio(f.resolved, f.sessions),
    handoff: ratio(f.robotHandoffs, f.robotSessions),
    kpis: f.kpis.map(kpiRate),
  }
}

/** The rates of each day, as columns like DaySeries. */
export interface RateSeries {
  response24h: (number | null)[]
  firstResponseMs: (number | null)[]
  satisfaction: (number | null)[]
  resolved: (number | null)[]
  handoff: (number | null)[]
  kpis: (number | null)[][]
}

export function seriesRates(s: DaySeries): RateSeries {
  const days = s.dates.map((_, i) => i)
  return {
    response24h: days.map((i) => ratio(s.answered24h[i] ?? 0, s.sessions[i] ?? 0)),
    firstResponseMs: days.map((i) => {
      const n = s.humanSessions[i] ?? 0
      return n > 0 ? Math.floor((s.firstResponseMs[i] ?? 0) / n) : null
    }),
    satisfaction: days.map((i) => ratio(s.satisfied[i] ?? 0, s.rated[i] ?? 0)),
    resolved: days.map((i) => ratio(s.resolved[i] ?? 0, s.sessions[i] ?? 0)),
    handoff: days.map((i) => ratio(s.robotHandoffs[i] ?? 0, s.robotSessions[i] ?? 0)),
    kpis: s.kpis.map((k) => days.map((i) => kpiRate({ met: k.met[i] ?? 0, missed: k.missed[i] ?? 0, due: k.due[i] ?? 0 }))),
  }
}

/** percent writes a share as "66.7%", or none for null. */
export function percent(v: number | null, none = '—'): string {
  if (v === null) {
    return none
  }
  return `${(Math.round(v * 1000) / 10).toFixed(1)}%`
}

/** The words of a duration, by unit. */
export interface DurationWords {
  seconds: (n: number) => string
  minutes: (m: number, s: number) => string
  hours: (h: number, m: number) => string
}

/** duration writes a time in ms as "45 秒", "3 分 20 秒", "3 小时 59 分", or none for null. */
export function duration(ms: number | null, words: DurationWords, none = '—'): string {
  if (ms === null) {
    return none
  }
  const s = Math.round(ms / 1000)
  if (s < 60) {
    return words.seconds(s)
  }
  if (s < 3600) {
    return words.minutes(Math.floor(s / 60), s % 60)
  }
  return words.hours(Math.floor(s / 3600), Math.floor((s % 3600) / 60))
}

/** dateIn is the calendar date ("2026-03-10") of an instant in a time zone (the local zone when it is unknown). */
export function dateIn(ms: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
  }
}

/** addDays moves a date ("2026-03-10") by n calendar days. */
export function addDays(date: string, n: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return t.toISOString().slice(0, 10)
}

/** daysBetween counts the days from one date to another, both included. */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)
  return Number.isNaN(ms) ? 0 : Math.round(ms / 86_400_000) + 1
}

/** The longest range the dashboard shows at once (engine.MaxHistoryDays). */
export const maxDays = 366
