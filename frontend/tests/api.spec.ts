import { describe, expect, it, vi } from 'vitest'

import * as ChatService from '../wailsjs/go/app/ChatService'
import * as LLMService from '../wailsjs/go/app/LLMService'
import type { app, engine } from '../wailsjs/go/models'
import { EventsOn } from '../wailsjs/runtime/runtime'
import * as chat from '../src/api/chat'
import { onAssistUpdated, onConversationMessage } from '../src/api/events'
import * as llm from '../src/api/llm'
import { EVENT_ASSIST_UPDATED, EVENT_CONVERSATION_MESSAGE } from '../src/consts/events'

vi.mock('../wailsjs/go/app/ChatService')
vi.mock('../wailsjs/go/app/LLMService')
vi.mock('../wailsjs/runtime/runtime')

// What Go sends: parsed JSON, not instances of the generated classes.
function wire<T>(json: unknown): T {
  return json as T
}

const goConversation = {
  id: 4,
  shopId: 1,
  shopName: '小蓝鲸旗舰店',
  buyerId: 9,
  buyerName: '小王',
  status: 'open',
  unread: 1,
  lastText: '在吗',
  lastSender: 'buyer',
  lastAt: '2026-11-21T09:17:00.123456789+08:00',
  startedAt: '2026-11-21T09:00:00+08:00',
}

describe('api', () => {
  it('turns null slices into empty lists', async () => {
    vi.mocked(ChatService.Conversations).mockResolvedValue(wire(null))
    vi.mocked(ChatService.Open).mockResolvedValue(wire<app.ConversationView>({ conversation: goConversation, messages: null }))
    vi.mocked(ChatService.SearchKB).mockResolvedValue(wire(null))
    expect(await chat.conversations()).toEqual([])
    expect((await chat.open(4)).messages).toEqual([])
    expect(await chat.searchKB(1, '发票')).toEqual([])
  })

  it('cuts times to milliseconds and shows unknown senders as system lines', async () => {
    vi.mocked(ChatService.Send).mockResolvedValue(
      wire<engine.Message>({
        id: 1,
        conversationId: 4,
        sender: 'carrier_pigeon',
        type: 'text',
        text: 'hi',
        entryId: 0,
        createdAt: '2026-11-21T09:17:00.123456789Z',
      }),
    )
    const m = await chat.send({ conversationId: 4, text: 'hi', entryId: 0 })
    expect(m.sender).toBe('system')
    expect(m.createdAt).toBe('2026-11-21T09:17:00.123Z')
  })

  it('rejects with the backend error as {kind, key, message}', async () => {
    const refused = { kind: 'invalid', key: 'error.message_empty', message: 'the message is empty' }
    vi.mocked(ChatService.Send).mockRejectedValue(refused)
    await expect(chat.send({ conversationId: 4, text: ' ', entryId: 0 })).rejects.toEqual(refused)
  })

  it('turns any other failure into an internal error', async () => {
    vi.mocked(ChatService.Assist).mockRejectedValue(new Error('Call to app.ChatService.Assist timed out'))
    vi.mocked(ChatService.Shops).mockRejectedValue('database is locked')
    await expect(chat.assist(4)).rejects.toEqual({
      kind: 'internal',
      key: 'error.internal',
      message: 'Call to app.ChatService.Assist timed out',
    })
    await expect(chat.shops()).rejects.toEqual({ kind: 'internal', key: 'error.internal', message: 'database is locked' })
  })

  it('decodes pushed messages and hands back the function that stops listening', () => {
    const stop = vi.fn()
    let deliver: (payload: unknown) => void = () => {}
    vi.mocked(EventsOn).mockImplementation((_name, callback) => {
      deliver = callback
      return stop
    })
    const handler = vi.fn()
    const unsubscribe = onConversationMessage(handler)
    expect(EventsOn).toHaveBeenCalledWith(EVENT_CONVERSATION_MESSAGE, expect.any(Function))

    deliver({
      conversation: goConversation,
      message: { id: 2, conversationId: 4, sender: 'buyer', type: 'text', text: '在吗', entryId: 0, createdAt: goConversation.lastAt },
    })
    expect(handler).toHaveBeenCalledWith({
      conversation: expect.objectContaining({ id: 4, lastAt: '2026-11-21T09:17:00.123+08:00' }),
      message: expect.objectContaining({ id: 2, sender: 'buyer', text: '在吗' }),
    })

    unsubscribe()
    expect(stop).toHaveBeenCalledOnce()
  })

  it('decodes the LLM\'s order of an assist pushed as assist:updated', () => {
    let deliver: (payload: unknown) => void = () => {}
    vi.mocked(EventsOn).mockImplementation((_name, callback) => {
      deliver = callback
      return vi.fn()
    })
    const handler = vi.fn()
    onAssistUpdated(handler)
    expect(EventsOn).toHaveBeenCalledWith(EVENT_ASSIST_UPDATED, expect.any(Function))
    deliver({ conversationId: 4, messageId: 9, query: '发货', intent: '', suggestions: null, reranked: true, noneFit: true })
    expect(handler).toHaveBeenCalledWith({
      conversationId: 4,
      messageId: 9,
      query: '发货',
      intent: '',
      suggestions: [],
      reranking: false,
      reranked: true,
      noneFit: true,
    })
  })

  it('reads the LLM settings without any key, and a failed test as its translated error', async () => {
    vi.mocked(LLMService.Settings).mockResolvedValue(
      wire<app.LLMSettings>({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', enabled: true, budgetMs: 1500, topK: 5, hasKey: true, keyPlace: 'vault' }),
    )
    expect(await llm.settings()).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      enabled: true,
      budgetMs: 1500,
      topK: 5,
      hasKey: true,
      keyPlace: '',
    })

    vi.mocked(LLMService.Test).mockResolvedValue(
      wire<app.LLMTestResult>({ ok: false, latencyMs: 40, error: { kind: 'unavailable', key: 'error.llm_unavailable', message: 'HTTP 401' } }),
    )
    const req = { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', enabled: true, budgetMs: 1500, topK: 5, setKey: true, apiKey: 'sk-x' }
    expect(await llm.test(req)).toEqual({
      ok: false,
      latencyMs: 40,
      error: { kind: 'unavailable', key: 'error.llm_unavailable', message: 'HTTP 401' },
    })
    expect(LLMService.Test).toHaveBeenCalledWith(req)

    vi.mocked(LLMService.Save).mockRejectedValue({ kind: 'invalid', key: 'error.llm_top_k_range', message: 'top-k' })
    await expect(llm.save({ ...req, topK: 99 })).rejects.toEqual({ kind: 'invalid', key: 'error.llm_top_k_range', message: 'top-k' })
  })
})
