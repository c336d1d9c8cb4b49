// The dashboard's charts as ECharts options, built from a report's days:
// pure functions, so that tests check what each chart shows without a canvas.
import type { Dashboard, ReasonCount } from '../api/metrics'
import { seriesRates } from './figures'

/** An ECharts option (the charts use a small part of it). */
export type ChartOption = Record<string, unknown>

/** The words the charts show. */
export interface ChartWords {
  sessions: string
  resolved: string
  response24h: string
  firstResponse: string
  minutes: string
  satisfaction: string
  resolvedRate: string
  handoff: string
  /** A KPI's name, by its index in Dashboard.kpis. */
  kpi: (i: number) => string
  reason: (key: string) => string
}

const palette = ['#3a7ca5', '#12a05c', '#e8890c', '#9b51e0', '#d64545', '#0aa3b5']

/** Long ranges zoom with the mouse wheel; short ones need not. */
function zoom(days: number): ChartOption[] {
  return days > 31 ? [{ type: 'inside', start: 0, end: 100 }] : []
}

function base(dates: string[], yAxis: ChartOption): ChartOption {
  return {
    color: palette,
    animation: false,
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'category', data: dates.map((d) => d.slice(5)), axisTick: { alignWithLabel: true } },
    yAxis,
    dataZoom: zoom(dates.length),
  }
}

const percentAxis: ChartOption = { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }

function pct(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000
}

function line(name: string, data: (number | null)[]): ChartOption {
  return { name, type: 'line', data, connectNulls: false, symbolSize: 5, showSymbol: data.length <= 62 }
}

/** sessionsChart: sessions per day, and those intelligent reception resolved. */
export function sessionsChart(d: Dashboard, w: ChartWords): ChartOption {
  return {
    ...base(d.series.dates, { type: 'value', minInterval: 1 }),
    series: [
      { name: w.sessions, type: 'bar', data: d.series.sessions, barMaxWidth: 28 },
      { name: w.resolved, type: 'bar', data: d.series.resolved, barMaxWidth: 28 },
    ],
  }
}

/** responseChart: the 24-hour response rate and the platform's KPIs per day. */
export function responseChart(d: Dashboard, w: ChartWords): ChartOption {
  const r = seriesRates(d.series)
  return {
    ...base(d.series.dates, percentAxis),
    series: [line(w.response24h, r.response24h.map(pct)), ...r.kpis.map((k, i) => line(w.kpi(i), k.map(pct)))],
  }
}

/** firstResponseChart: the average first response time per day, in minutes. */
export function firstResponseChart(d: Dashboard, w: ChartWords): ChartOption {
  const r = seriesRates(d.series)
  return {
    ...base(d.series.dates, { type: 'value', name: w.minutes, min: 0 }),
    series: [line(w.firstResponse, r.firstResponseMs.map((ms) => (ms === null ? null : Math.round(ms / 600) / 100)))],
  }
}

/** satisfactionChart: the share of rated sessions that were satisfied, per day. */
export function satisfactionChart(d: Dashboard, w: ChartWords): ChartOption {
  const r = seriesRates(d.series)
  return { ...base(d.series.dates, percentAxis), series: [line(w.satisfaction, r.satisfaction.map(pct))] }
}

/** receptionChart: resolved by intelligent reception, and the robot's hand-off rate, per day. */
export function receptionChart(d: Dashboard, w: ChartWords): ChartOption {
  const r = seriesRates(d.series)
  return {
    ...base(d.series.dates, percentAxis),
    series: [line(w.resolvedRate, r.resolved.map(pct)), line(w.handoff, r.handoff.map(pct))],
  }
}

/** reasonsChart: why robot replies were rated unsolved, most first. */
export function reasonsChart(reasons: ReasonCount[], w: ChartWords): ChartOption {
  const sorted = [...reasons].sort((a, b) => b.count - a.count)
  return {
    color: palette.slice(4),
    animation: false,
    grid: { left: 96, right: 24, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: sorted.map((r) => w.reason(r.reason)) },
    series: [{ type: 'bar', data: sorted.map((r) => r.count), barMaxWidth: 22, label: { show: true, position: 'right' } }],
  }
}
