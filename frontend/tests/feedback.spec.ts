import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import * as fb from '../src/api/feedback'
import type { Disagreement, Proposal, QuestionGroup, ReplayReport, ReplayView, ReviewItem } from '../src/api/feedbackTypes'
import FeedbackScreen from '../src/components/feedback/FeedbackScreen.vue'
import ThresholdCurve from '../src/components/feedback/ThresholdCurve.vue'
import { useAppStore } from '../src/stores/app'
import { useFeedbackStore } from '../src/stores/feedback'
import { mount } from '@vue/test-utils'
import { i18n, setLocale } from '../src/i18n'
import { render, settle, toasts } from './render'

vi.mock('../src/api/feedback')
vi.mock('../src/api/kb')

function proposal(over: Partial<Proposal> = {}): Proposal {
  return {
    id: 1,
    shopId: 1,
    kind: 'similar',
    entryId: 16,
    entryQuestion: '什么时候发货？',
    question: '东西啥时候能寄出来',
    questions: ['东西啥时候能寄出来'],
    answer: '亲亲，48小时内发出',
    why: 'edited',
    count: 1,
    conversationId: 3,
    messageId: 9,
    agent: 'Ann',
    status: 'pending',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    decidedBy: '',
    ...over,
  }
}

function item(over: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: 5,
    shopId: 1,
    kind: 'rating',
    conversationId: 3,
    messageId: 9,
    entryId: 16,
    reason: 'irrelevant',
    text: '我问的是换货',
    question: '什么时候发货',
    answer: '48小时内发货',
    entryQuestion: '什么时候发货？',
    entryAnswer: '48小时内发货',
    buyerName: '小王',
    payload: {},
    status: 'open',
    createdBy: '',
    createdAt: new Date().toISOString(),
    closedBy: '',
    ...over,
  }
}

function curve(): ReplayReport['curve'] {
  const out = []
  for (let i = 50; i <= 100; i++) {
    const th = i / 100
    out.push({ threshold: th, coverage: 0.6 * (1 - (th - 0.5)), agreement: 0.8 + 0.2 * (th - 0.5) * 2, answered: 60, agreed: 50, disagreed: 5 })
  }
  return out
}

function replayView(over: Partial<ReplayReport> = {}): ReplayView {
  return {
    job: { kind: 'replay', shopId: 1, state: 'done', done: 60, total: 60, error: null },
    report: {
      messages: 60,
      conversations: 30,
      threshold: 0.76,
      coverage: 0.5,
      answered: 30,
      agreement: 0.9,
      agreed: 27,
      disagreed: 3,
      outcomes: { robot: 30, fallback: 30 },
      curve: curve(),
      suggestion: { target: 0.95, reached: true, threshold: 0.82, coverage: 0.41, agreement: 0.96, why: '' },
      elapsedSeconds: 0.4,
      ...over,
    },
    kbChanged: false,
    from: '',
    to: '',
  }
}

const disagreement: Disagreement = {
  conversationId: 4,
  messageId: 11,
  at: new Date().toISOString(),
  question: '什么时候发货',
  entryId: 16,
  entryQuestion: '什么时候发货？',
  answer: '48小时内发货',
  human: '这个要问一下仓库',
  confidence: 0.92,
  upTo: 0.92,
}

const group: QuestionGroup = {
  key: '衣服起球了怎么办',
  label: '衣服起球了怎么办',
  size: 3,
  distinct: 2,
  lastAt: new Date().toISOString(),
  examples: [
    { text: '衣服起球了怎么办', count: 2, lastAt: new Date().toISOString(), messageId: 1, conversationId: 1 },
    { text: '衣服起球怎么办呀', count: 1, lastAt: new Date().toISOString(), messageId: 2, conversationId: 2 },
  ],
  keys: ['衣服起球了怎么办', '衣服起球怎么办'],
  reply: '可以用剃毛器处理',
  entry: { id: 14, question: '这个怎么用？', confidence: 0.45 },
}

async function open(): Promise<ReturnType<typeof render>> {
  const r = render(FeedbackScreen)
  useAppStore().shops = [{ id: 1, name: '小蓝鲸旗舰店', platform: 'douyin', locale: 'zh-CN' }]
  await settle()
  return r
}

function tab(name: string): HTMLElement {
  return document.querySelector<HTMLElement>(`.n-tabs-tab[data-name="${name}"]`)!
}

describe('feedback screen (FB-1 – FB-5)', () => {
  beforeEach(() => {
    vi.mocked(fb.counts).mockResolvedValue({ proposals: 1, review: 1 })
    vi.mocked(fb.proposals).mockResolvedValue({ items: [proposal(), proposal({ id: 2, kind: 'new', entryId: 0, entryQuestion: '', question: '支持花呗吗', questions: ['支持花呗吗'] })], total: 2 })
    vi.mocked(fb.reviewItems).mockResolvedValue({ items: [item()], total: 1 })
    vi.mocked(fb.replayStatus).mockResolvedValue({ job: { kind: 'replay', shopId: 1, state: 'idle', done: 0, total: 0, error: null }, report: null, kbChanged: false, from: '', to: '' })
    vi.mocked(fb.analysis).mockResolvedValue({ job: { kind: 'analysis', shopId: 1, state: 'done', done: 2, total: 2, error: null }, ready: true, messages: 3, groups: 1, overlaps: 0, at: new Date().toISOString() })
    vi.mocked(fb.groups).mockResolvedValue({ items: [group], total: 1 })
    vi.mocked(fb.overlaps).mockResolvedValue({ items: [], total: 0 })
    vi.mocked(fb.disagreements).mockResolvedValue({ items: [disagreement], total: 1 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('FB-1 lists the pending proposals, accepts one and rejects one from the keyboard', async () => {
    const { wrapper } = await open()
    const rows = wrapper.findAll('[data-testid="proposal"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]?.text()).toContain('加到 #16 什么时候发货？')
    expect(rows[0]?.text()).toContain('客服改了推荐回复')
    expect(rows[1]?.attributes('data-kind')).toBe('new')
    expect(wrapper.get('[data-testid="feedback-badge-proposals"]').text()).toBe('1')

    vi.mocked(fb.acceptProposal).mockResolvedValue({
      proposal: proposal({ status: 'accepted' }),
      entry: { id: 16, shopId: 1, question: '什么时候发货？', similar: [], answers: [], category: 'order', intent: 'ship_time', enabled: true, operations: [], neverAuto: false, version: 3, updatedAt: '', updatedBy: '' },
    })
    await rows[0]!.get('[data-testid="proposal-accept"]').trigger('click')
    await settle()
    expect(fb.acceptProposal).toHaveBeenCalledExactlyOnceWith({ id: 1, entryId: 0, questions: null, answer: '', category: '' })
    expect(toasts()).toContain('已写入知识库：#16 什么时候发货？')
    expect(wrapper.findAll('[data-testid="proposal"]')).toHaveLength(1)

    vi.mocked(fb.rejectProposal).mockResolvedValue(proposal({ id: 2, status: 'rejected' }))
    await wrapper.get('[data-testid="proposal-list"]').trigger('keydown', { key: 'x' })
    await settle()
    expect(fb.rejectProposal).toHaveBeenCalledExactlyOnceWith(2)
    expect(wrapper.find('[data-testid="proposals-empty"]').exists()).toBe(true)
  })

  it('FB-1 reloads the lists when the backend says they changed, and a proposal decided elsewhere refreshes', async () => {
    await open()
    const store = useFeedbackStore()
    vi.mocked(fb.proposals).mockClear()
    store.changed(1)
    await settle()
    expect(fb.proposals).toHaveBeenCalledTimes(1)
    store.changed(2) // another shop
    await settle()
    expect(fb.proposals).toHaveBeenCalledTimes(1)
    vi.mocked(fb.acceptProposal).mockRejectedValue({ kind: 'conflict', key: 'error.feedback_decided', message: 'decided' })
    await expect(store.accept({ id: 1, entryId: 0, questions: null, answer: '', category: '' })).rejects.toMatchObject({ key: 'error.feedback_decided' })
    await settle()
    expect(fb.proposals).toHaveBeenCalledTimes(2)
  })

  it('FB-3 shows a review item beside its answer and fixes the entry’s answer', async () => {
    const { wrapper } = await open()
    tab('review').click()
    await settle()
    const row = wrapper.get('[data-testid="review-item"]')
    expect(row.text()).toContain('买家：未解决')
    expect(row.text()).toContain('答非所问')
    expect(row.text()).toContain('我问的是换货')
    expect(row.text()).toContain('48小时内发货')
    vi.mocked(fb.reviewItem).mockResolvedValue(item())
    vi.mocked(fb.fixReview).mockResolvedValue(item({ status: 'fixed' }))
    await row.get('[data-testid="review-fix"]').trigger('click')
    await settle()
    await wrapper.get('[data-testid="review-answer"]').setValue('现在72小时内发货')
    await wrapper.get('[data-testid="review-save"]').trigger('click')
    await settle()
    expect(fb.fixReview).toHaveBeenCalledExactlyOnceWith(5, '现在72小时内发货')
    expect(wrapper.find('[data-testid="review-empty"]').exists()).toBe(true)
  })

  it('SA-5 shows an agent\'s scenario report in the review queue, its intent, order state and image', async () => {
    const scenario = item({ id: 8, kind: 'scenario', conversationId: 0, entryId: 0, entryQuestion: '', reason: 'ship_time', text: '超时订单的话术不该说今天发',
      question: '怎么还不发货', answer: '', createdBy: '小美', payload: { intent: 'ship_time', state: 'overdue', image: '0123456789abcdef01234567.png' } })
    vi.mocked(fb.reviewItems).mockResolvedValue({ items: [scenario], total: 1 })
    vi.mocked(fb.reviewImage).mockResolvedValue('data:image/png;base64,iVBORw0KGgo=')
    const { wrapper } = await open()
    tab('review').click()
    await settle()
    const row = wrapper.get('[data-testid="review-item"]')
    expect(row.attributes('data-kind')).toBe('scenario')
    expect(row.text()).toContain('场景报告')
    expect(row.text()).toContain('催发货 · 超时未发货')
    expect(row.text()).toContain('小美 报告')
    expect(row.text()).not.toContain('会话 #') // reported outside a conversation
    expect(row.text()).toContain('超时订单的话术不该说今天发')
    expect(row.find('[data-testid="review-fix"]').exists()).toBe(false)
    await row.get('[data-testid="review-show-image"]').trigger('click')
    await settle()
    expect(fb.reviewImage).toHaveBeenCalledExactlyOnceWith('0123456789abcdef01234567.png')
    expect(row.get('[data-testid="review-image"]').attributes('src')).toBe('data:image/png;base64,iVBORw0KGgo=')
  })

  it('FB-2 shows the groups and adds one to its nearest entry in one click', async () => {
    const { wrapper } = await open()
    tab('unanswered').click()
    await settle()
    const g = wrapper.get('[data-testid="unanswered-group"]')
    expect(g.text()).toContain('衣服起球了怎么办')
    expect(g.text()).toContain('×2')
    vi.mocked(fb.applyGroup).mockResolvedValue({ id: 14, shopId: 1, question: '这个怎么用？', similar: [], answers: [], category: 'product', intent: '', enabled: true, operations: [], neverAuto: false, version: 2, updatedAt: '', updatedBy: '' })
    await g.get('[data-testid="group-add"]').trigger('click')
    await settle()
    expect(fb.applyGroup).toHaveBeenCalledExactlyOnceWith({ shopId: 1, entryId: 14, questions: ['衣服起球了怎么办', '衣服起球怎么办呀'], answer: '', category: '' })
    expect(wrapper.find('[data-testid="unanswered-empty"]').exists()).toBe(true)
  })

  it('FB-5 starts a replay and shows its coverage, curve, suggestion and disagreements', async () => {
    const { wrapper } = await open()
    tab('replay').click()
    await settle()
    expect(wrapper.find('[data-testid="replay-empty"]').exists()).toBe(true)
    vi.mocked(fb.startReplay).mockResolvedValue({ kind: 'replay', shopId: 1, state: 'running', done: 0, total: 60, error: null })
    await wrapper.get('[data-testid="replay-start"]').trigger('click')
    await settle()
    expect(fb.startReplay).toHaveBeenCalledExactlyOnceWith({ shopId: 1, from: '', to: '', source: '', target: 0.95 })
    expect(wrapper.get('[data-testid="replay-progress"]').text()).toBe('回放中 0/60')

    vi.mocked(fb.replayStatus).mockResolvedValue(replayView())
    const { useReplayStore } = await import('../src/stores/replay')
    useReplayStore().job({ kind: 'replay', shopId: 1, state: 'done', done: 60, total: 60, error: null })
    await settle()
    expect(wrapper.get('[data-testid="replay-coverage"]').text()).toBe('50%')
    expect(wrapper.get('[data-testid="replay-agreement"]').text()).toBe('90%')
    expect(wrapper.get('[data-testid="curve-coverage"]').attributes('d')).toMatch(/^M/)
    expect(wrapper.get('[data-testid="replay-suggestion"]').text()).toContain('建议阈值 0.82')
    expect(wrapper.get('[data-testid="disagreement"]').text()).toContain('这个要问一下仓库')
    expect(fb.disagreements).toHaveBeenLastCalledWith(1, 0.76, 0, 20)

    vi.mocked(fb.setThreshold).mockResolvedValue(0.82)
    await wrapper.get('[data-testid="replay-apply"]').trigger('click')
    await settle()
    expect(fb.setThreshold).toHaveBeenCalledExactlyOnceWith(1, 0.82)
    expect(wrapper.get('[data-testid="replay-threshold"]').text()).toBe('0.82')
    expect(wrapper.get('[data-testid="replay-apply"]').text()).toBe('已是当前阈值')
  })

  it('FB-5 says when no threshold reaches the target, and when the KB changed since', async () => {
    vi.mocked(fb.replayStatus).mockResolvedValue({
      ...replayView({ suggestion: { target: 0.95, reached: false, threshold: 0, coverage: 0, agreement: 0, why: 'not_reached' } }),
      kbChanged: true,
    })
    const { wrapper } = await open()
    tab('replay').click()
    await settle()
    expect(wrapper.get('[data-testid="replay-suggestion"]').text()).toContain('达不到 95%')
    expect(wrapper.find('[data-testid="replay-apply"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="replay-stale"]').exists()).toBe(true)
  })
})

describe('threshold curve', () => {
  it('picks the threshold clicked and moves it with the arrow keys', async () => {
    setLocale('zh-CN')
    const w = mount(ThresholdCurve, {
      props: { points: curve(), selected: 0.76, current: 0.76, suggested: 0.82, target: 0.95 },
      global: { plugins: [i18n] },
    })
    const svg = w.get('[data-testid="threshold-curve"]')
    ;(svg.element as SVGSVGElement).getBoundingClientRect = () => ({ left: 0, top: 0, width: 600, height: 220, right: 600, bottom: 220, x: 0, y: 0, toJSON: () => ({}) })
    await svg.trigger('click', { clientX: 600 - 12, clientY: 100 })
    expect(w.emitted('pick')?.[0]).toEqual([1])
    await svg.trigger('click', { clientX: 40, clientY: 100 })
    expect(w.emitted('pick')?.[1]).toEqual([0.5])
    await svg.trigger('keydown', { key: 'ArrowRight' })
    expect(w.emitted('pick')?.[2]).toEqual([0.77])
    expect(w.find('[data-testid="curve-suggested"]').exists()).toBe(true)
    // Agreement is drawn only where answers were compared.
    await w.setProps({ points: curve().map((p) => ({ ...p, agreed: 0, disagreed: 0 })) })
    expect(w.get('[data-testid="curve-agreement"]').attributes('d')).toBe('')
  })
})
