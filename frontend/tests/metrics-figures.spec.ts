import { describe, expect, it } from 'vitest'

import { toDashboard } from '../src/api/metrics'
import { reasonsChart, responseChart, sessionsChart, type ChartWords } from '../src/metrics/charts'
import { addDays, dateIn, daysBetween, duration, percent, rates, seriesRates } from '../src/metrics/figures'
import { empty, golden, goldenTotal } from './metrics-fixtures'

const words = {
  seconds: (n: number) => `${n}秒`,
  minutes: (m: number, s: number) => `${m}分${s}秒`,
  hours: (h: number, m: number) => `${h}小时${m}分`,
}

const chartWords: ChartWords = {
  sessions: '会话数',
  resolved: '智能接待解决',
  response24h: '24小时回复率',
  firstResponse: '平均首响时长',
  minutes: '分钟',
  satisfaction: '满意度',
  resolvedRate: '智能接待解决率',
  handoff: '机器人转人工率',
  kpi: () => '3分钟人工回复率',
  reason: (k) => ({ irrelevant: '答非所问' })[k] ?? k,
}

describe('dashboard figures (MT-6)', () => {
  it('MT-1 – MT-5 rates of the golden day, as testdata/metrics/golden-day.md works them out', () => {
    const r = rates(goldenTotal)
    expect(percent(r.response24h)).toBe('66.7%')
    expect(r.firstResponseMs).toBe(14_357_142)
    expect(duration(r.firstResponseMs, words)).toBe('3小时59分')
    expect(percent(r.satisfaction)).toBe('60.0%')
    expect(percent(r.resolved)).toBe('16.7%')
    expect(percent(r.handoff)).toBe('40.0%')
    expect(percent(r.kpis[0] ?? null)).toBe('28.6%')
  })

  it('says nothing rather than 0% when there is nothing to divide', () => {
    const r = rates(empty().total)
    expect([r.response24h, r.firstResponseMs, r.satisfaction, r.resolved, r.handoff, r.kpis[0]]).toEqual([null, null, null, null, null, null])
    expect(percent(r.response24h)).toBe('—')
    expect(duration(r.firstResponseMs, words)).toBe('—')
  })

  it('counts due turns in, not yet met', () => {
    expect(rates({ ...goldenTotal, kpis: [{ met: 1, missed: 1, due: 2 }] }).kpis[0]).toBe(0.25)
  })

  it('writes durations in seconds, minutes and hours', () => {
    expect(duration(45_000, words)).toBe('45秒')
    expect(duration(200_000, words)).toBe('3分20秒')
    expect(duration(90_000_000, words)).toBe('25小时0分')
  })

  it('rates each day apart, with gaps on days without a denominator', () => {
    const d = empty()
    d.series.sessions[2] = 4
    d.series.answered24h[2] = 3
    const s = seriesRates(d.series)
    expect(s.response24h).toEqual([null, null, 0.75, null, null, null, null])
    expect(s.kpis[0]).toHaveLength(7)
  })

  it('counts calendar days in the shop’s time zone', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01')
    expect(daysBetween('2026-03-10', '2026-03-10')).toBe(1)
    expect(daysBetween('2025-03-11', '2026-03-10')).toBe(365)
    // 2026-03-10 20:00 UTC is already the 11th in Shanghai.
    expect(dateIn(Date.UTC(2026, 2, 10, 20), 'Asia/Shanghai')).toBe('2026-03-11')
    expect(dateIn(Date.UTC(2026, 2, 10, 20), 'America/Los_Angeles')).toBe('2026-03-10')
  })

  it('draws one day, a year, and none', () => {
    const one = sessionsChart(golden(), chartWords) as { series: { data: number[] }[]; xAxis: { data: string[] }; dataZoom: unknown[] }
    expect(one.xAxis.data).toEqual(['03-10'])
    expect(one.series[0]?.data).toEqual([12])
    expect(one.series[1]?.data).toEqual([2])
    expect(one.dataZoom).toEqual([])

    const dates = Array.from({ length: 366 }, (_, i) => addDays('2025-03-10', i))
    const year = golden({ series: { ...empty().series, dates, sessions: dates.map(() => 1), answered24h: dates.map(() => 1) } })
    const yr = responseChart(year, chartWords) as { series: { data: (number | null)[] }[]; dataZoom: unknown[] }
    expect(yr.series[0]?.data).toHaveLength(366)
    expect(yr.series[0]?.data[0]).toBe(1)
    expect(yr.dataZoom).toHaveLength(1)

    const none = responseChart(empty(), chartWords) as { series: { data: (number | null)[] }[] }
    expect(none.series[0]?.data.every((v) => v === null)).toBe(true)
    expect((reasonsChart([], chartWords) as { series: { data: number[] }[] }).series[0]?.data).toEqual([])
    const reasons = reasonsChart([{ reason: 'irrelevant', count: 1 }], chartWords) as { yAxis: { data: string[] } }
    expect(reasons.yAxis.data).toEqual(['答非所问'])
  })

  it('decodes what the Go side sends, filling what is missing', () => {
    const d = toDashboard({ shopId: 2, series: { dates: ['2026-03-10'], sessions: [3] }, total: { sessions: 3 }, kpis: null })
    expect(d.shopId).toBe(2)
    expect(d.series.sessions).toEqual([3])
    expect(d.series.answered24h).toEqual([])
    expect(d.total.sessions).toBe(3)
    expect(d.total.kpis).toEqual([])
    expect(d.kpis).toEqual([])
    expect(d.agents).toEqual([])
  })
})
