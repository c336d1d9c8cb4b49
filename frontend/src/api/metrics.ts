// The dashboard's service (MT-1 – MT-6). Wraps the bindings of
// app.MetricsService; every function rejects with an AppError.
import * as MetricsService from '../../wailsjs/go/app/MetricsService'
import type { app, engine } from '../../wailsjs/go/models'
import { call } from './errors'

/** A shop's figures of a day, an agent or a range: counts; rates are their ratios. */
export interface Figures {
  sessions: number
  answered24h: number
  due24h: number
  humanSessions: number
  firstResponseMs: number
  rated: number
  satisfied: number
  resolved: number
  robotSessions: number
  robotHandoffs: number
  /** The platform's KPIs, in the order of Dashboard.kpis. */
  kpis: KPICount[]
}

export interface KPICount {
  met: number
  missed: number
  due: number
}

/** A platform KPI (MT-5), as its preset file defines it. */
export interface KPIInfo {
  key: string
  /** By locale. */
  name: Record<string, string>
  kind: 'turns' | 'sessions'
  minutes: number
  /** '' counts all day. */
  window: string
  /** 0 when the platform's bar is not known. */
  target: number
  note: Record<string, string>
}

export interface KPISource {
  title: string
  url: string
  date: string
  secondary: boolean
  note: Record<string, string>
}

export interface AgentFigures extends Figures {
  /** 0: sessions no agent served. */
  agentId: number
  name: string
}

export interface EntryStat {
  entryId: number
  /** '' for an entry deleted since. */
  question: string
  hits: number
  failed: number
}

export interface ReasonCount {
  reason: string
  count: number
}

/** The days as columns: dates[i] is the day of every column's element i. */
export interface DaySeries {
  dates: string[]
  sessions: number[]
  answered24h: number[]
  due24h: number[]
  humanSessions: number[]
  firstResponseMs: number[]
  rated: number[]
  satisfied: number[]
  resolved: number[]
  robotSessions: number[]
  robotHandoffs: number[]
  kpis: { met: number[]; missed: number[]; due: number[] }[]
}

export interface Dashboard {
  shopId: number
  shopName: string
  platform: string
  timeZone: string
  from: string
  to: string
  agentId: number
  kpis: KPIInfo[]
  sources: KPISource[]
  series: DaySeries
  total: Figures
  agents: AgentFigures[]
  unsolved: ReasonCount[]
  topHits: EntryStat[]
  topFailed: EntryStat[]
  /** The time the figures are as of (RFC 3339). */
  now: string
}

export interface MetricsRequest {
  shopId: number
  /** 0: every agent. */
  agentId: number
  /** "2026-03-10", in the shop's time zone; both '' for the last 7 days. */
  from: string
  to: string
}

export const metricsFormats = ['csv', 'xlsx'] as const
export type MetricsFormat = (typeof metricsFormats)[number]

export interface MetricsExportResult {
  path: string
  days: number
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function nums(v: unknown): number[] {
  return Array.isArray(v) ? v.map(num) : []
}

function strMap(v: unknown): Record<string, string> {
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

function list<T>(v: unknown, each: (x: Record<string, unknown>) => T): T[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null).map((x) => each(x as Record<string, unknown>)) : []
}

function toKPICount(k: Record<string, unknown>): KPICount {
  return { met: num(k.met), missed: num(k.missed), due: num(k.due) }
}

export function toFigures(f: Record<string, unknown> | null | undefined): Figures {
  const r = f ?? {}
  return {
    sessions: num(r.sessions),
    answered24h: num(r.answered24h),
    due24h: num(r.due24h),
    humanSessions: num(r.humanSessions),
    firstResponseMs: num(r.firstResponseMs),
    rated: num(r.rated),
    satisfied: num(r.satisfied),
    resolved: num(r.resolved),
    robotSessions: num(r.robotSessions),
    robotHandoffs: num(r.robotHandoffs),
    kpis: list(r.kpis, toKPICount),
  }
}

/** toDashboard decodes the service's answer, filling what is missing. */
export function toDashboard(d: app.Dashboard | Record<string, unknown>): Dashboard {
  const r = d as unknown as Record<string, unknown>
  const s = (r.series ?? {}) as Record<string, unknown>
  return {
    shopId: num(r.shopId),
    shopName: str(r.shopName),
    platform: str(r.platform),
    timeZone: str(r.timeZone),
    from: str(r.from),
    to: str(r.to),
    agentId: num(r.agentId),
    kpis: list(r.kpis, (k) => ({
      key: str(k.key),
      name: strMap(k.name),
      kind: k.kind === 'sessions' ? 'sessions' : 'turns',
      minutes: num(k.minutes),
      window: str(k.window),
      target: num(k.target),
      note: strMap(k.note),
    })),
    sources: list(r.sources, (x) => ({
      title: str(x.title),
      url: str(x.url),
      date: str(x.date),
      secondary: x.secondary === true,
      note: strMap(x.note),
    })),
    series: {
      dates: Array.isArray(s.dates) ? s.dates.map(str) : [],
      sessions: nums(s.sessions),
      answered24h: nums(s.answered24h),
      due24h: nums(s.due24h),
      humanSessions: nums(s.humanSessions),
      firstResponseMs: nums(s.firstResponseMs),
      rated: nums(s.rated),
      satisfied: nums(s.satisfied),
      resolved: nums(s.resolved),
      robotSessions: nums(s.robotSessions),
      robotHandoffs: nums(s.robotHandoffs),
      kpis: list(s.kpis, (k) => ({ met: nums(k.met), missed: nums(k.missed), due: nums(k.due) })),
    },
    total: toFigures(r.total as Record<string, unknown>),
    agents: list(r.agents, (a) => ({ ...toFigures(a), agentId: num(a.agentId), name: str(a.name) })),
    unsolved: list(r.unsolved, (u) => ({ reason: str(u.reason), count: num(u.count) })),
    topHits: list(r.topHits, toEntryStat),
    topFailed: list(r.topFailed, toEntryStat),
    now: str(r.now),
  }
}

function toEntryStat(e: Record<string, unknown>): EntryStat {
  return { entryId: num(e.entryId), question: str(e.question), hits: num(e.hits), failed: num(e.failed) }
}

/** dashboard returns a shop's figures on a range of days. */
export async function dashboard(req: MetricsRequest): Promise<Dashboard> {
  return toDashboard(await call(() => MetricsService.Dashboard(req as unknown as engine.MetricsRequest)))
}

/** exportFigures writes the figures to a file in the export folder and returns its path. */
export async function exportFigures(req: MetricsRequest, format: MetricsFormat, locale: string): Promise<MetricsExportResult> {
  const r = (await call(() =>
    MetricsService.Export({ ...req, format, locale } as unknown as app.MetricsExportRequest),
  )) as unknown as Record<string, unknown>
  return { path: str(r.path), days: num(r.days) }
}
