import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import * as kb from '../src/api/kb'
import HitTestPanel from '../src/components/kb/HitTestPanel.vue'
import { highlight } from '../src/kb/highlight'
import { hitTestDelay, useKBHitTestStore } from '../src/stores/kbHitTest'
import { fakeKB, renderKB } from './kb-backend'
import { entry, hit, listed } from './kb-fixtures'
import { settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')

describe('highlight', () => {
  it('counts spans in code points, as Go counts runes', () => {
    // 😀 is one rune but two UTF-16 units.
    expect(highlight('😀发货了吗', [{ start: 1, end: 3 }])).toEqual([
      { text: '😀', marked: false },
      { text: '发货', marked: true },
      { text: '了吗', marked: false },
    ])
    expect(highlight('👍🏻好评👍🏻', [{ start: 2, end: 4 }])).toEqual([
      { text: '👍🏻', marked: false },
      { text: '好评', marked: true },
      { text: '👍🏻', marked: false },
    ])
  })

  it('merges overlapping spans and ignores what lies outside the text', () => {
    expect(highlight('abcdef', [{ start: 3, end: 99 }, { start: 0, end: 2 }, { start: 1, end: 3 }, { start: -4, end: 0 }])).toEqual([
      { text: 'abcdef', marked: true },
    ])
    expect(highlight('abc', [{ start: 5, end: 9 }])).toEqual([{ text: 'abc', marked: false }])
    expect(highlight('', [{ start: 0, end: 1 }])).toEqual([])
  })
})

describe('hit test panel', () => {
  beforeEach(() => {
    fakeKB([listed()])
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  async function showPanel() {
    const r = await renderKB(HitTestPanel)
    r.store.setShop(1)
    await settle()
    return { ...r, hit: useKBHitTestStore() }
  }

  it('tests what is typed once the typing pauses, and at once on Enter', async () => {
    const { wrapper } = await showPanel()
    vi.useFakeTimers()
    const input = wrapper.get('[data-testid="kb-hittest-input"]')
    await input.setValue('发')
    await input.setValue('发货了吗')
    await vi.advanceTimersByTimeAsync(hitTestDelay - 1)
    expect(kb.hitTest).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(kb.hitTest).toHaveBeenCalledExactlyOnceWith(1, '发货了吗')

    await input.setValue('发货了吗？')
    await input.trigger('keydown', { key: 'Enter' })
    expect(kb.hitTest).toHaveBeenLastCalledWith(1, '发货了吗？')
    await vi.advanceTimersByTimeAsync(hitTestDelay)
    expect(kb.hitTest).toHaveBeenCalledTimes(2)
  })

  it('shows confidence, score and the matched words, as text', async () => {
    const query = '😀 <b>发货</b>了吗'
    vi.mocked(kb.hitTest).mockResolvedValue([
      hit({
        entry: entry({ id: 7, question: '什么时候<b>发货</b>' }),
        confidence: 0.873,
        score: 7.404,
        question: '😀<b>发货</b>了没',
        // runes: 😀 < b > 发 货 < / b > 了 没
        questionSpans: [{ start: 4, end: 6 }],
        querySpans: [{ start: 5, end: 7 }],
      }),
      hit({ entry: entry({ id: 8, question: '几号发货', neverAuto: true }), confidence: 0.4, score: 2, question: '几号发货' }),
    ])
    const { wrapper, hit: tester } = await showPanel()
    tester.text = query
    await tester.run()
    await settle()

    const results = wrapper.findAll('[data-testid="kb-hittest-result"]')
    expect(results).toHaveLength(2)
    expect(results.map((r) => r.get('[data-testid="kb-hittest-confidence"]').text())).toEqual(['87%', '40%'])
    expect(results[0]?.get('[data-testid="kb-hittest-score"]').text()).toBe('得分 7.40')

    const question = results[0]!.get('[data-testid="kb-hittest-question"]')
    expect(question.text()).toBe('😀<b>发货</b>了没')
    expect(question.findAll('[data-testid="kb-hittest-mark"]').map((m) => m.text())).toEqual(['发货'])
    expect(results[0]!.get('[data-testid="kb-hittest-query"]').text()).toBe(query)
    expect(results[0]!.get('[data-testid="kb-hittest-query"]').findAll('mark').map((m) => m.text())).toEqual(['发货'])
    // Nothing from the texts became an element.
    expect(wrapper.find('b').exists()).toBe(false)
    expect(results[0]?.text()).toContain('什么时候<b>发货</b>')
    expect(results[1]?.text()).toContain('不自动发')
  })

  it('KB-6 says which result the bot would send on its own', async () => {
    vi.mocked(kb.hitTest).mockResolvedValue([
      hit({ entry: entry({ id: 7 }), confidence: 0.95, autoAnswer: true }),
      hit({ entry: entry({ id: 8, question: '几号发货' }), confidence: 0.3, question: '几号发货' }),
    ])
    const { wrapper, hit: tester } = await showPanel()
    tester.text = '什么时候发货'
    await tester.run()
    await settle()
    const results = wrapper.findAll('[data-testid="kb-hittest-result"]')
    expect(results[0]?.find('[data-testid="kb-hittest-auto"]').text()).toBe('会自动回复')
    expect(results[1]?.find('[data-testid="kb-hittest-auto"]').exists()).toBe(false)
  })

  it('opens the entry of a clicked result', async () => {
    vi.mocked(kb.hitTest).mockResolvedValue([hit({ entry: entry({ id: 7 }) })])
    const { wrapper, hit: tester } = await showPanel()
    tester.text = '发货'
    await tester.run()
    await settle()
    await wrapper.get('[data-testid="kb-hittest-result"]').trigger('click')
    expect(wrapper.findComponent(HitTestPanel).emitted('open')).toEqual([[7]])
  })

  it('says when nothing matches, and when the test fails', async () => {
    const { wrapper, hit: tester } = await showPanel()
    expect(wrapper.text()).toContain('输入后自动测试')
    tester.text = '火星'
    await tester.run()
    await settle()
    expect(wrapper.get('[data-testid="kb-empty"]').text()).toContain('没有命中任何条目')

    vi.mocked(kb.hitTest).mockRejectedValue({ kind: 'unavailable', key: 'error.unavailable', message: 'index closed' })
    await tester.run()
    await settle()
    expect(wrapper.text()).toContain('测试失败：服务暂时不可用')
  })

  it('runs again after an entry is saved, so the change shows at once', async () => {
    const { wrapper, store, hit: tester } = await showPanel()
    tester.text = '几号发'
    await tester.run()
    await settle()
    expect(wrapper.find('[data-testid="kb-hittest-result"]').exists()).toBe(false)

    await store.open(7)
    store.draft!.similar.push('几号发')
    vi.mocked(kb.hitTest).mockResolvedValue([hit({ question: '几号发', questionSpans: [{ start: 0, end: 3 }] })])
    expect(await store.save()).toBe(true)
    await settle()
    expect(kb.hitTest).toHaveBeenLastCalledWith(1, '几号发')
    expect(wrapper.get('[data-testid="kb-hittest-mark"]').text()).toBe('几号发')
  })
})
