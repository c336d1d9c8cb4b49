import { mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'

import * as metricsApi from '../src/api/metrics'
import MetricsScreen from '../src/components/metrics/MetricsScreen.vue'
import { i18n, setLocale } from '../src/i18n'
import { useAppStore } from '../src/stores/app'
import { useKBStore } from '../src/stores/kb'
import { useMetricsStore } from '../src/stores/metrics'
import { fakeBackend } from './backend'
import { fakeKB } from './kb-backend'
import { empty, golden } from './metrics-fixtures'
import { settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')
vi.mock('../src/api/metrics', async (original) => ({
  ...(await original<typeof import('../src/api/metrics')>()),
  dashboard: vi.fn(),
  exportFigures: vi.fn(),
}))
// jsdom draws no canvas: a chart shows its title and what it would plot.
vi.mock('../src/components/metrics/MetricChart.vue', () => ({
  default: defineComponent({
    props: { title: String, option: Object, empty: String },
    setup: (p) => () =>
      h('section', { 'data-testid': 'metrics-chart', 'data-empty': p.empty ?? '' }, [h('h3', p.title), JSON.stringify(p.option?.series ?? [])]),
  }),
}))

async function show() {
  const pinia = createPinia()
  setActivePinia(pinia)
  setLocale('zh-CN')
  const Host = defineComponent({
    setup: () => () => h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => h(MetricsScreen) }) }),
  })
  const wrapper = mount(Host, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  await useAppStore().load()
  await settle()
  return wrapper
}

const card = (w: ReturnType<typeof mount>, key: string) => w.get(`[data-testid="metric-${key}"]`).text()

describe('dashboard (MT-6)', () => {
  beforeEach(() => {
    fakeBackend()
    fakeKB([])
    vi.mocked(metricsApi.dashboard).mockResolvedValue(golden())
  })

  it('shows the golden day’s figures, the KPIs with their sources, the agents and the KB’s entries', async () => {
    const w = await show()
    expect(metricsApi.dashboard).toHaveBeenCalledWith({ shopId: 1, agentId: 0, from: '', to: '' })
    expect(card(w, 'sessions')).toBe('12')
    expect(card(w, 'response24h')).toBe('66.7%')
    expect(card(w, 'firstResponse')).toBe('3小时59分')
    expect(card(w, 'satisfaction')).toBe('60.0%')
    expect(card(w, 'resolved')).toBe('16.7%')
    expect(card(w, 'handoff')).toBe('40.0%')
    expect(card(w, 'kpi-douyin_3min_human_reply')).toBe('28.6%')
    expect(w.get('[data-testid="metric-card-kpi-douyin_3min_human_reply"]').text()).toContain('3分钟人工回复率')
    expect(w.get('[data-testid="metric-card-response24h"]').text()).toContain('8 / 12 个会话 24 小时内有回复')
    expect(w.findAll('[data-testid="metrics-chart"]')).toHaveLength(6)
    expect(w.get('[data-testid="metrics-range"]').text()).toContain('2026-03-10 至 2026-03-10')
    expect(w.get('[data-testid="metrics-agents"]').text()).toContain('未分配')
    expect(w.get('[data-testid="metrics-sources"]').text()).toContain('第三方资料')
    expect(w.get('[data-testid="metrics-entries-hits"]').text()).toContain('什么时候发货？')
    expect(w.get('[data-testid="metrics-entries-failed"]').text()).toContain('已删除的问题 #8')

    setLocale('en')
    await settle()
    expect(w.get('[data-testid="metric-card-kpi-douyin_3min_human_reply"]').text()).toContain('3-minute human reply rate')
    expect(card(w, 'firstResponse')).toBe('3 h 59 min')
    expect(w.get('[data-testid="metrics-agents"]').text()).toContain('No agent')
    setLocale('zh-CN')
  })

  it('shows a week without sessions as such, not as zero percent', async () => {
    vi.mocked(metricsApi.dashboard).mockResolvedValue(empty())
    const w = await show()
    expect(card(w, 'sessions')).toBe('0')
    expect(card(w, 'response24h')).toBe('—')
    expect(card(w, 'firstResponse')).toBe('—')
    expect(w.get('[data-testid="metrics-no-sessions"]').text()).toContain('这段时间没有买家会话')
    expect(w.findAll('[data-testid="metrics-chart"]').every((c) => c.attributes('data-empty') === '暂无数据')).toBe(true)
    expect(w.get('[data-testid="metrics-entries-hits"]').text()).toContain('暂无')
  })

  it('asks for the last 7 days of the shop’s calendar, and keeps the newest answer', async () => {
    const w = await show()
    let answer!: (d: metricsApi.Dashboard) => void
    vi.mocked(metricsApi.dashboard).mockImplementationOnce(() => new Promise((r) => (answer = r)))
    vi.mocked(metricsApi.dashboard).mockResolvedValueOnce(golden({ from: '2026-02-19', to: '2026-03-20' }))
    await w.get('[data-testid="metrics-preset-7"]').trigger('click')
    await w.get('[data-testid="metrics-preset-30"]').trigger('click')
    await settle()
    // "Today" is the shop's: 2026-03-20 12:00 in Shanghai.
    expect(vi.mocked(metricsApi.dashboard).mock.calls.slice(-2).map((c) => [c[0].from, c[0].to])).toEqual([
      ['2026-03-14', '2026-03-20'],
      ['2026-02-19', '2026-03-20'],
    ])
    answer(golden({ from: '2026-03-14', to: '2026-03-20' })) // the first answer comes last
    await settle()
    expect(useMetricsStore().report?.from).toBe('2026-02-19')
  })

  it('exports the figures on screen in the window’s language and says where', async () => {
    vi.mocked(metricsApi.exportFigures).mockResolvedValue({ path: '/data/exports/replydesk-metrics-shop1-20260310-20260310.xlsx', days: 1 })
    const w = await show()
    await w.get('[data-testid="metrics-export-xlsx"]').trigger('click')
    await settle()
    expect(metricsApi.exportFigures).toHaveBeenCalledWith({ shopId: 1, agentId: 0, from: '2026-03-10', to: '2026-03-10' }, 'xlsx', 'zh-CN')
    expect(w.get('[data-testid="metrics-export-path"]').text()).toContain('replydesk-metrics-shop1')
  })

  it('opens a KB entry in the KB screen', async () => {
    const w = await show()
    await w.get('[data-testid="metrics-entry"][data-entry-id="7"]').trigger('click')
    await settle()
    expect(useAppStore().screen).toBe('kb')
    expect(useKBStore().selectedId).toBe(7)
    expect(useKBStore().shopId).toBe(1)
    // A deleted entry cannot be opened.
    expect(w.get('[data-testid="metrics-entry"][data-entry-id="8"]').attributes('disabled')).toBeDefined()
  })

  it('says when the figures could not be read, and tries again', async () => {
    vi.mocked(metricsApi.dashboard).mockRejectedValue({ kind: 'invalid', key: 'error.history_range_too_long', message: 'too long' })
    const w = await show()
    expect(w.text()).toContain('数据读取失败：一次最多导出 366 天')
    vi.mocked(metricsApi.dashboard).mockResolvedValue(golden())
    await w.get('[role="alert"] button').trigger('click')
    await settle()
    expect(card(w, 'sessions')).toBe('12')
  })
})
