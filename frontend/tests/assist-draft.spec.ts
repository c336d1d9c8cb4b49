import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import * as llmApi from '../src/api/llm'
import * as reception from '../src/api/reception'
import type { Assist, Suggestion } from '../src/api/types'
import AssistPanel from '../src/components/assist/AssistPanel.vue'
import ReplyBox from '../src/components/chat/ReplyBox.vue'
import { rerankGrace, useAssistStore } from '../src/stores/assist'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend, type Pushes } from './backend'
import { assist, conversation, message, suggestion } from './fixtures'
import { render, settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/llm')
vi.mock('../src/api/reception')

const top: Suggestion[] = [
  suggestion({ entryId: 11, answer: '亲，付款后 48 小时内发货。', question: '什么时候发货', confidence: 0.91 }),
  suggestion({ entryId: 12, answer: '现货商品当天发出。', question: '今天能发吗', confidence: 0.52 }),
]

const low: Suggestion[] = [
  suggestion({ entryId: 21, answer: '我们支持 7 天无理由退货。', question: '可以退货吗', confidence: 0.31 }),
  suggestion({ entryId: 22, answer: '默认发中通快递。', question: '发什么快递', confidence: 0.12 }),
]

let pushes: Pushes

/** openAssist shows conversation 3 with an assist; allowDrafts makes shop 1 allow sending LLM drafts. */
async function openAssist(a: Assist, allowDrafts = false) {
  pushes = fakeBackend([conversation({ id: 3, shopId: 1 })])
  if (allowDrafts) {
    const allowed = { assistEnabled: true, autoSend: true, threshold: 0.87, burstWaitMs: 0, draftAutoSend: true }
    vi.mocked(reception.shopSettings).mockResolvedValue({ shopId: 1, settings: allowed, defaults: allowed, values: {}, defaultValues: {}, canEdit: true })
  }
  vi.mocked(chat.assist).mockResolvedValue(a)
  const { wrapper } = render(AssistPanel, ReplyBox)
  const store = useConversationsStore()
  await store.load()
  await store.open(3)
  await settle()
  const input = wrapper.get<HTMLTextAreaElement>('[data-testid="reply-input"]')
  return { wrapper, input }
}

const drafting = (over: Partial<Assist> = {}) =>
  assist({ conversationId: 3, messageId: 7, intent: 'ship_time', suggestions: top, sendFloor: 0.4, drafting: true, ...over })
const drafted = (over: Partial<Assist> = {}) =>
  drafting({ drafting: false, draft: { text: '亲，您的订单付款后 48 小时内发货，请放心～', entryIds: [11, 12] }, ...over })

describe('LM-3 the LLM draft in the assist panel', () => {
  beforeEach(() => {
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

  it('says it is drafting until the push ends it, then shows the draft marked as a draft, from which answers', async () => {
    const { wrapper } = await openAssist(drafting())
    expect(wrapper.get('[data-testid="assist-drafting"]').text()).toBe('AI 草稿撰写中…')
    expect(wrapper.find('[data-testid="assist-draft"]').exists()).toBe(false)

    pushes.assistUpdated(drafted())
    await settle()
    expect(wrapper.find('[data-testid="assist-drafting"]').exists()).toBe(false)
    const d = wrapper.get('[data-testid="assist-draft"]')
    expect(d.get('[data-testid="assist-draft-tag"]').text()).toBe('草稿')
    expect(d.get('[data-testid="assist-draft-text"]').text()).toBe('亲，您的订单付款后 48 小时内发货，请放心～')
    expect(d.get('[data-testid="assist-draft-from"]').text()).toBe('依据：「什么时候发货」「今天能发吗」')
  })

  it('ends the marker on a push without a draft (the draft failed)', async () => {
    const { wrapper } = await openAssist(drafting())
    pushes.assistUpdated(drafting({ drafting: false }))
    await settle()
    expect(wrapper.find('[data-testid="assist-drafting"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="assist-draft"]').exists()).toBe(false)
  })

  it('keeps saying it reorders when the draft\'s push comes first', async () => {
    const { wrapper } = await openAssist(drafting({ reranking: true }))
    expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(true)
    pushes.assistUpdated(drafted({ reranking: true }))
    await settle()
    expect(wrapper.find('[data-testid="assist-draft"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(true)
    pushes.assistUpdated(drafted({ reranking: false, reranked: true }))
    await settle()
    expect(wrapper.find('[data-testid="assist-reranking"]').exists()).toBe(false)
  })

  it('stops saying it is drafting once the time budget is up', async () => {
    vi.useFakeTimers()
    try {
      const { wrapper } = await openAssist(drafting())
      await vi.advanceTimersByTimeAsync(1500 + rerankGrace)
      expect(wrapper.find('[data-testid="assist-drafting"]').exists()).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it('puts the draft in the reply box on a click, to edit, with the entry it came from', async () => {
    const { wrapper, input } = await openAssist(drafted())
    vi.mocked(chat.send).mockResolvedValue(message({ id: 30, conversationId: 3, sender: 'agent' }))
    expect(wrapper.find('[data-testid="assist-draft-send"]').exists()).toBe(false)
    await wrapper.get('[data-testid="assist-draft-text"]').trigger('click')
    expect(input.element.value).toBe('亲，您的订单付款后 48 小时内发货，请放心～')
    await input.setValue('亲，付款后 48 小时内发货～')
    await wrapper.get('[data-testid="send-button"]').trigger('click')
    await settle()
    expect(chat.send).toHaveBeenCalledExactlyOnceWith({ conversationId: 3, text: '亲，付款后 48 小时内发货～', entryId: 11, fromEntryId: 0, edited: false })
  })

  it('sends the draft in one click only where the shop allows drafts to be sent', async () => {
    const { wrapper } = await openAssist(drafted(), true)
    await settle()
    vi.mocked(chat.send).mockResolvedValue(message({ id: 30, conversationId: 3, sender: 'agent' }))
    await wrapper.get('[data-testid="assist-draft-send"]').trigger('click')
    await settle()
    expect(chat.send).toHaveBeenCalledExactlyOnceWith({ conversationId: 3, text: '亲，您的订单付款后 48 小时内发货，请放心～', entryId: 11 })
  })
})

describe('[3/7] nothing fits: below the send floor, edit only', () => {
  it('says nothing fits, offers no one-click send, and still lets the agent edit', async () => {
    const { wrapper, input } = await openAssist(assist({ conversationId: 3, messageId: 7, suggestions: low, sendFloor: 0.4 }))
    expect(wrapper.get('[data-testid="assist-nothing-fits"]').text()).toContain('没有合适的回答')
    expect(wrapper.get('[data-testid="assist-nothing-fits"]').text()).toContain('0.40')
    expect(wrapper.findAll('[data-testid="suggestion-send"]')).toHaveLength(0)
    const edits = wrapper.findAll('[data-testid="suggestion-edit-only"]')
    expect(edits).toHaveLength(2)
    await edits[0]!.trigger('click')
    expect(input.element.value).toBe('我们支持 7 天无理由退货。')
  })

  it('offers one-click send for the suggestions at or above the floor only', async () => {
    const { wrapper } = await openAssist(assist({ conversationId: 3, messageId: 7, suggestions: [...top, ...low.slice(0, 1)], sendFloor: 0.4 }))
    expect(wrapper.find('[data-testid="assist-nothing-fits"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="suggestion-send"]')).toHaveLength(2)
    expect(wrapper.findAll('[data-testid="suggestion-edit-only"]')).toHaveLength(1)
    expect(useAssistStore().sendable(low[0]!)).toBe(false)
  })

  it('keeps the KB search by typing', async () => {
    const { wrapper, input } = await openAssist(assist({ conversationId: 3, messageId: 7, suggestions: low, sendFloor: 0.4 }))
    vi.mocked(chat.searchKB).mockResolvedValue([suggestion({ entryId: 31, answer: '默认中通，可备注顺丰。', question: '发什么快递' })])
    await input.setValue('快递')
    await new Promise((r) => setTimeout(r, 260))
    await settle()
    expect(chat.searchKB).toHaveBeenCalledWith(1, '快递')
    expect(wrapper.findAll('[data-testid="kb-match"]')).toHaveLength(1)
  })

  it('does not offer a draft for one-click sending when nothing fits', async () => {
    const { wrapper } = await openAssist(
      assist({ conversationId: 3, messageId: 7, suggestions: low, sendFloor: 0.4, draft: { text: '草稿', entryIds: [21] } }),
      true,
    )
    await settle()
    expect(wrapper.find('[data-testid="assist-draft"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="assist-draft-send"]').exists()).toBe(false)
  })
})
