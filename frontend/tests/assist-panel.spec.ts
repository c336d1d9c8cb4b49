import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import * as feedbackApi from '../src/api/feedback'
import * as llmApi from '../src/api/llm'
import type { Suggestion } from '../src/api/types'
import AssistPanel from '../src/components/assist/AssistPanel.vue'
import ReplyBox from '../src/components/chat/ReplyBox.vue'
import { kbSearchDelay, rerankGrace, useAssistStore } from '../src/stores/assist'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { assist, conversation, message, suggestion } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/llm')
vi.mock('../src/api/feedback')

const top: Suggestion[] = [
  suggestion({ entryId: 11, answer: '亲，付款后 48 小时内发货。', question: '什么时候发货', confidence: 0.873 }),
  suggestion({ entryId: 12, answer: '现货商品当天发出。', question: '今天能发吗', confidence: 0.52 }),
  suggestion({ entryId: 13, answer: '预售商品以页面时间为准。', question: '预售多久发', confidence: 0.3 }),
  suggestion({ entryId: 14, answer: '第四条不该出现。', question: '多余', confidence: 0.1 }),
]

/** openAssist renders the assist panel and the reply box with conversation 3 open. */
async function openAssist(a = assist({ conversationId: 3, intent: 'ship_time', suggestions: top })) {
  const pushes = fakeBackend([conversation({ id: 3, shopId: 5 })])
  vi.mocked(chat.assist).mockResolvedValue(a)
  const { wrapper } = render(AssistPanel, ReplyBox)
  const store = useConversationsStore()
  await store.load()
  await store.open(3)
  await settle()
  const input = wrapper.get<HTMLTextAreaElement>('[data-testid="reply-input"]')
  return { wrapper, input, pushes }
}

function cardTexts(wrapper: Awaited<ReturnType<typeof openAssist>>['wrapper']): string[] {
  return wrapper.findAll('[data-testid="suggestion"]').map((c) => c.get('[data-testid="suggestion-text"]').text())
}

describe('assist panel', () => {
  beforeEach(() => {
    fakeBackend()
    vi.mocked(llmApi.settings).mockResolvedValue({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:7b',
      enabled: true,
      budgetMs: 1500,
      topK: 5,
      hasKey: false,
      keyPlace: '',
    })
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  describe('AS-2 intent and top suggestions', () => {
    it('names the recognised intent and shows the top 3 suggestions with their confidence', async () => {
      const { wrapper } = await openAssist()
      expect(chat.assist).toHaveBeenCalledWith(3)
      expect(wrapper.get('[data-testid="assist-intent"]').text()).toBe('催发货')

      const cards = wrapper.findAll('[data-testid="suggestion"]')
      expect(cards).toHaveLength(3)
      expect(cards.map((c) => c.get('[data-testid="suggestion-text"]').text())).toEqual([
        '亲，付款后 48 小时内发货。',
        '现货商品当天发出。',
        '预售商品以页面时间为准。',
      ])
      expect(cards.map((c) => c.get('[data-testid="suggestion-confidence"]').text())).toEqual(['87%', '52%', '30%'])
      expect(cards[0]?.text()).toContain('什么时候发货')
      expect(cards[0]?.text()).toContain('Alt+1')
    })

    it('says so when no intent was recognised', async () => {
      const { wrapper } = await openAssist(assist({ conversationId: 3, intent: '', suggestions: top.slice(0, 1) }))
      expect(wrapper.get('[data-testid="assist-intent"]').text()).toBe('未识别')
    })

    it('shows an intent key it has no label for as it is', async () => {
      const { wrapper } = await openAssist(assist({ conversationId: 3, intent: 'bulk_order', suggestions: top.slice(0, 1) }))
      expect(wrapper.get('[data-testid="assist-intent"]').text()).toBe('bulk_order')
    })

    it('shows an empty state without suggestions', async () => {
      const { wrapper } = await openAssist(assist({ conversationId: 3, intent: '', suggestions: [] }))
      expect(wrapper.findAll('[data-testid="suggestion"]')).toHaveLength(0)
      expect(wrapper.get('[data-testid="assist-empty"]').text()).toContain('没有推荐')
    })
  })

  describe('AS-3 send as is, or edit first', () => {
    it('sends a suggestion as it is with its KB entry', async () => {
      const { wrapper, input } = await openAssist()
      vi.mocked(chat.send).mockResolvedValue(message({ id: 20, conversationId: 3, sender: 'agent', entryId: 12 }))
      await wrapper.findAll('[data-testid="suggestion-send"]')[1]?.trigger('click')
      await settle()
      expect(chat.send).toHaveBeenCalledExactlyOnceWith({
        conversationId: 3,
        text: '现货商品当天发出。',
        entryId: 12,
        fromEntryId: 12,
        edited: false,
      })
      expect(input.element.value).toBe('')
    })

    it('puts a clicked suggestion in the reply box and sends the edit with its KB entry', async () => {
      const { wrapper, input } = await openAssist()
      vi.mocked(chat.send).mockResolvedValue(message({ id: 20, conversationId: 3, sender: 'agent', entryId: 11 }))
      await wrapper.findAll('[data-testid="suggestion-text"]')[0]?.trigger('click')
      expect(input.element.value).toBe('亲，付款后 48 小时内发货。')
      expect(wrapper.find('[data-testid="reply-entry"]').exists()).toBe(true)

      await input.setValue('亲，付款后 48 小时内发货，请放心。')
      await wrapper.get('[data-testid="send-button"]').trigger('click')
      await settle()
      expect(chat.send).toHaveBeenCalledExactlyOnceWith({
        conversationId: 3,
        text: '亲，付款后 48 小时内发货，请放心。',
        entryId: 11,
        fromEntryId: 11,
        edited: true,
      })
    })

    it('FB-1 tells that a suggestion put in the box went as it was, and one detached from the KB was still edited', async () => {
      const { wrapper, input } = await openAssist()
      vi.mocked(chat.send).mockResolvedValue(message({ id: 20, conversationId: 3, sender: 'agent', entryId: 11 }))
      await wrapper.findAll('[data-testid="suggestion-text"]')[0]?.trigger('click')
      await input.trigger('keydown', { key: 'Enter' })
      await settle()
      expect(chat.send).toHaveBeenLastCalledWith({
        conversationId: 3,
        text: '亲，付款后 48 小时内发货。',
        entryId: 11,
        fromEntryId: 11,
        edited: false,
      })
      await wrapper.findAll('[data-testid="suggestion-text"]')[0]?.trigger('click')
      await input.setValue('亲，今天就发。')
      await wrapper.get('[data-testid="reply-entry"] .n-tag__close').trigger('click')
      await input.trigger('keydown', { key: 'Enter' })
      await settle()
      expect(chat.send).toHaveBeenLastCalledWith({
        conversationId: 3,
        text: '亲，今天就发。',
        entryId: 0,
        fromEntryId: 11,
        edited: true,
      })
    })

    it('forgets the KB entry once the agent clears the box', async () => {
      const { wrapper, input } = await openAssist()
      vi.mocked(chat.send).mockResolvedValue(message({ id: 20, conversationId: 3, sender: 'agent' }))
      await wrapper.findAll('[data-testid="suggestion-text"]')[0]?.trigger('click')
      await input.setValue('')
      await input.setValue('我自己写的回复')
      await input.trigger('keydown', { key: 'Enter' })
      await settle()
      expect(chat.send).toHaveBeenCalledExactlyOnceWith({
        conversationId: 3,
        text: '我自己写的回复',
        entryId: 0,
        fromEntryId: 0,
        edited: false,
      })
    })

    it('puts suggestion N in the reply box on Alt+N', async () => {
      const { input } = await openAssist()
      window.dispatchEvent(new KeyboardEvent('keydown', { key: '¡', code: 'Digit2', altKey: true }))
      await settle()
      expect(input.element.value).toBe('现货商品当天发出。')

      window.dispatchEvent(new KeyboardEvent('keydown', { key: '4', code: 'Digit4', altKey: true }))
      window.dispatchEvent(new KeyboardEvent('keydown', { key: '1', code: 'Digit1', ctrlKey: true }))
      await settle()
      expect(input.element.value).toBe('现货商品当天发出。')
    })
  })

  it('searches the KB for what the agent types, once the typing pauses', async () => {
    const { wrapper, input } = await openAssist()
    vi.useFakeTimers()
    vi.mocked(chat.searchKB).mockResolvedValue([suggestion({ entryId: 30, answer: '支持开具电子发票。' })])

    await input.setValue('能开')
    await input.setValue('能开发票吗')
    await vi.advanceTimersByTimeAsync(kbSearchDelay - 1)
    expect(chat.searchKB).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    await settle()

    expect(chat.searchKB).toHaveBeenCalledExactlyOnceWith(5, '能开发票吗')
    const matches = wrapper.findAll('[data-testid="kb-match"]')
    expect(matches.map((m) => m.get('[data-testid="suggestion-text"]').text())).toEqual(['支持开具电子发票。'])
    expect(wrapper.text()).toContain('输入内容匹配的知识库')
  })

  describe('KB-2 an answer with a variable still to fill in', () => {
    it('is never sent as it is: it goes to the reply box, and the card says what to fill in', async () => {
      const open = suggestion({ entryId: 21, answer: '您的订单 {order.id} 已发货', missing: ['order.id'], confidence: 0.8 })
      const { wrapper, input } = await openAssist(assist({ conversationId: 3, intent: 'ship_time', suggestions: [open] }))
      const card = wrapper.get('[data-testid="suggestion"]')
      expect(card.find('[data-testid="suggestion-send"]').exists()).toBe(false)
      expect(card.get('[data-testid="suggestion-missing"]').text()).toContain('订单号')
      await card.get('[data-testid="suggestion-complete"]').trigger('click')
      await settle()
      expect(input.element.value).toBe('您的订单 {order.id} 已发货')
      expect(chat.send).not.toHaveBeenCalled()
    })
  })
  describe('LM-2 the LLM reorders the suggestions in the background', () => {
    const searching = () => assist({ conversationId: 3, messageId: 7, intent: 'ship_time', suggestions: top.slice(0, 3), reranking: true })
    const reordered = (over: Partial<ReturnType<typeof assist>> = {}) =>
      assist({ conversationId: 3, messageId: 7, intent: 'ship_time', suggestions: [top[2]!, top[0]!, top[1]!], reranked: true, ...over })

    it('shows the search order at once, then the LLM\'s order when it comes, leaving the draft alone', async () => {
      const { wrapper, input, pushes } = await openAssist(searching())
      expect(cardTexts(wrapper)[0]).toBe('亲，付款后 48 小时内发货。')
      expect(wrapper.get('[data-testid="assist-reranking"]').text()).toBe('AI 排序中…')
      expect(wrapper.find('[data-testid="assist-reranked"]').exists()).toBe(false)

      // The agent is already editing the first suggestion.
      await wrapper.findAll('[data-testid="suggestion-text"]')[0]?.trigger('click')
      await input.setValue('亲，付款后 48 小时内发货，请放心。')

      pushes.assistUpdated(reordered())
      await settle()
      expect(cardTexts(wrapper)).toEqual(['预售商品以页面时间为准。', '亲，付款后 48 小时内发货。', '现货商品当天发出。'])
      expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(false)
      expect(wrapper.get('[data-testid="assist-reranked"]').text()).toBe('AI 已排序')
      expect(wrapper.find('[data-testid="assist-nonefit"]').exists()).toBe(false)
      expect(input.element.value).toBe('亲，付款后 48 小时内发货，请放心。')
      expect(wrapper.find('[data-testid="reply-entry"]').exists()).toBe(true)

      // Alt+1 now takes the LLM's first choice.
      await input.setValue('')
      window.dispatchEvent(new KeyboardEvent('keydown', { key: '1', code: 'Digit1', altKey: true }))
      await settle()
      expect(input.element.value).toBe('预售商品以页面时间为准。')
    })

    it('ignores an order for another message or another conversation', async () => {
      const { wrapper, pushes } = await openAssist(searching())
      pushes.assistUpdated(reordered({ messageId: 6 }))
      pushes.assistUpdated(reordered({ conversationId: 4 }))
      await settle()
      expect(cardTexts(wrapper)).toEqual(['亲，付款后 48 小时内发货。', '现货商品当天发出。', '预售商品以页面时间为准。'])
      expect(wrapper.find('[data-testid="assist-reranked"]').exists()).toBe(false)
      expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(true)
    })

    it('says when the LLM thinks none of the suggestions fit', async () => {
      const { wrapper, pushes } = await openAssist(searching())
      pushes.assistUpdated(reordered({ noneFit: true, intent: '' }))
      await settle()
      expect(wrapper.get('[data-testid="assist-nonefit"]').text()).toContain('AI 认为都不太匹配')
      expect(wrapper.get('[data-testid="assist-intent"]').text()).toBe('未识别')
      expect(cardTexts(wrapper)).toHaveLength(3)
    })

    it('stops saying it is reordering once the time budget is up, as a failed rerank sends nothing', async () => {
      vi.useFakeTimers()
      const { wrapper } = await openAssist(searching())
      expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(true)
      await vi.advanceTimersByTimeAsync(1500 + rerankGrace - 1)
      expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(true) // the budget is not up yet
      await vi.advanceTimersByTimeAsync(1)
      expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(false)
      expect(wrapper.find('[data-testid="assist-reranked"]').exists()).toBe(false)
      expect(cardTexts(wrapper)[0]).toBe('亲，付款后 48 小时内发货。')
    })

    it('shows no hint without an LLM', async () => {
      const { wrapper } = await openAssist()
      expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(false)
      expect(wrapper.find('[data-testid="assist-reranked"]').exists()).toBe(false)
      expect(llmApi.settings).not.toHaveBeenCalled()
    })

    it('keeps an order that comes before the suggestions themselves', async () => {
      const pushes = fakeBackend([conversation({ id: 3, shopId: 5 })])
      let answer: (a: ReturnType<typeof assist>) => void = () => {}
      vi.mocked(chat.assist).mockImplementation(() => new Promise((resolve) => (answer = resolve)))
      const { wrapper } = render(AssistPanel)
      const store = useConversationsStore()
      await store.load()
      void store.open(3)
      await settle()
      pushes.assistUpdated(reordered())
      answer(searching())
      await settle()
      expect(cardTexts(wrapper)[0]).toBe('预售商品以页面时间为准。')
      expect(wrapper.find('[data-testid="assist-reranked"]').exists()).toBe(true)
      expect(useAssistStore().reranking).toBe(false)
    })

    it('stops listening when the panel goes', async () => {
      const { wrapper, pushes } = await openAssist(searching())
      expect(pushes.listening()).toBe(1)
      wrapper.unmount()
      expect(pushes.listening()).toBe(0)
    })
  })
})

describe('FB-3 this suggestion is wrong', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('reports a suggestion with a reason and words, beside the buyer message it answered', async () => {
    const { wrapper } = await openAssist(assist({ conversationId: 3, messageId: 40, intent: 'ship_time', suggestions: top }))
    vi.mocked(feedbackApi.report).mockResolvedValue({} as Awaited<ReturnType<typeof feedbackApi.report>>)
    await wrapper.findAll('[data-testid="suggestion-report"]')[0]?.trigger('click')
    await settle()
    const dialog = document.querySelector('[data-testid="report-dialog"]')
    expect(dialog?.textContent).toContain('亲，付款后 48 小时内发货。')
    document.querySelector<HTMLInputElement>('[data-reason="outdated"] input')?.click()
    const text = document.querySelector<HTMLTextAreaElement>('[data-testid="report-text"]')!
    text.value = '现在是72小时'
    text.dispatchEvent(new Event('input'))
    await settle()
    document.querySelector<HTMLButtonElement>('[data-testid="report-send"]')?.click()
    await settle()
    expect(feedbackApi.report).toHaveBeenCalledExactlyOnceWith({
      conversationId: 3,
      messageId: 40,
      entryId: 11,
      answer: '亲，付款后 48 小时内发货。',
      reason: 'outdated',
      text: '现在是72小时',
    })
    expect(toasts()).toContain('已提交到复核队列')
  })
})
