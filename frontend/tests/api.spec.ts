import { describe, expect, it, vi } from 'vitest'

import * as AgentService from '../wailsjs/go/app/AgentService'
import * as ChatService from '../wailsjs/go/app/ChatService'
import * as LLMService from '../wailsjs/go/app/LLMService'
import type { app, engine } from '../wailsjs/go/models'
import { EventsOn } from '../wailsjs/runtime/runtime'
import * as agentsApi from '../src/api/agents'
import * as chat from '../src/api/chat'
import { onAssistUpdated, onDeskBatch } from '../src/api/events'
import * as llm from '../src/api/llm'
import { EVENT_ASSIST_UPDATED, EVENT_DESK_BATCH } from '../src/consts/events'

vi.mock('../wailsjs/go/app/ChatService')
vi.mock('../wailsjs/go/app/AgentService')
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

  it('decodes a pushed desk batch and hands back the function that stops listening', () => {
    const stop = vi.fn()
    let deliver: (payload: unknown) => void = () => {}
    vi.mocked(EventsOn).mockImplementation((_name, callback) => {
      deliver = callback
      return stop
    })
    const handler = vi.fn()
    const unsubscribe = onDeskBatch(handler)
    expect(EventsOn).toHaveBeenCalledWith(EVENT_DESK_BATCH, expect.any(Function))

    deliver({
      messages: [{
        conversation: goConversation,
        message: { id: 2, conversationId: 4, sender: 'buyer', type: 'text', text: '在吗', entryId: 0, createdAt: goConversation.lastAt },
      }],
      conversations: [goConversation],
      agents: null,
    })
    expect(handler).toHaveBeenCalledWith({
      messages: [{
        conversation: expect.objectContaining({ id: 4, lastAt: '2026-11-21T09:17:00.123+08:00' }),
        message: expect.objectContaining({ id: 2, sender: 'buyer', text: '在吗' }),
      }],
      conversations: [expect.objectContaining({ id: 4 })],
      agents: null,
      decisions: [],
      ratings: [],
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
      order: { order: null, state: '', source: '', overdue: false, candidates: 0 },
      scenario: null,
      sendFloor: 0,
      drafting: false,
      draft: null,
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

  it('pages a list, leaving out the dates it has none of, and decodes the page', async () => {
    vi.mocked(ChatService.List).mockResolvedValue(
      wire<engine.Page>({
        items: [
          {
            ...goConversation,
            state: 'queued',
            agentId: 0,
            agentName: '',
            priority: true,
            unreplied: true,
            waitingSince: '2026-11-21T09:17:00.123456789+08:00',
            queuedAt: '2026-11-21T09:17:01+08:00',
          },
          { ...goConversation, id: 5, status: 'closed', state: 'closed', agentId: 2, agentName: '阿强', closeReason: 'idle' },
          { ...goConversation, id: 6, state: 'paused', unreplied: false, waitingSince: '2026-11-21T09:00:00Z' },
        ],
        total: 3,
        counts: { all: 2, unread: 1, unreplied: 1, queued: 1 },
      }),
    )
    const page = await chat.list({ shopIds: [1], list: 'queued', agentId: 0, query: '发票', from: '', offset: 100, limit: 100 })
    const sent = vi.mocked(ChatService.List).mock.calls[0]?.[0]
    expect(JSON.parse(JSON.stringify(sent))).toEqual({ shopIds: [1], list: 'queued', agentId: 0, query: '发票', offset: 100, limit: 100 })

    expect(page.total).toBe(3)
    expect(page.counts).toEqual({ all: 2, unread: 1, unreplied: 1, queued: 1, closed: 0 })
    expect(page.items[0]).toMatchObject({
      state: 'queued',
      agentId: 0,
      priority: true,
      unreplied: true,
      waitingSince: '2026-11-21T09:17:00.123+08:00',
      queuedAt: '2026-11-21T09:17:01+08:00',
      closedAt: '',
      closeReason: '',
    })
    expect(page.items[1]).toMatchObject({ state: 'closed', status: 'closed', agentName: '阿强', closeReason: 'idle' })
    // A state this window does not know is an open, served one; no wait without unreplied.
    expect(page.items[2]).toMatchObject({ state: 'active', waitingSince: '' })

    vi.mocked(ChatService.List).mockResolvedValue(wire<engine.Page>({ items: null, total: 0, counts: null }))
    await chat.list({ shopIds: [], list: 'all', agentId: 1, query: '', from: '2026-11-01T00:00:00Z', offset: 0, limit: 1 })
    expect(JSON.parse(JSON.stringify(vi.mocked(ChatService.List).mock.calls[1]?.[0]))).toMatchObject({ from: '2026-11-01T00:00:00Z' })
  })

  it('hands the error of LongestWaiting over as it is, so that none_waiting can be told apart', async () => {
    vi.mocked(ChatService.LongestWaiting).mockRejectedValue({ kind: 'not_found', key: 'error.none_waiting', message: 'no buyer is waiting' })
    await expect(chat.longestWaiting(1, [])).rejects.toEqual({ kind: 'not_found', key: 'error.none_waiting', message: 'no buyer is waiting' })
    expect(ChatService.LongestWaiting).toHaveBeenCalledWith(1, [])
  })

  it('decodes agents, from calls and from agents:changed', async () => {
    vi.mocked(AgentService.CurrentAgent).mockResolvedValue(
      wire<engine.Agent>({ id: 1, name: '小美', status: 'online', capacity: 5, role: 'owner', active: 2, lastAssignedAt: '2026-11-21T09:00:00.5Z' }),
    )
    expect(await agentsApi.currentAgent()).toEqual({
      id: 1,
      name: '小美',
      status: 'online',
      capacity: 5,
      role: 'owner',
      active: 2,
      lastAssignedAt: '2026-11-21T09:00:00.5Z',
      autoSend: false,
    })
    vi.mocked(AgentService.Agents).mockResolvedValue(wire(null))
    expect(await agentsApi.agents()).toEqual([])

    let deliver: (payload: unknown) => void = () => {}
    vi.mocked(EventsOn).mockImplementation((_name, callback) => {
      deliver = callback
      return vi.fn()
    })
    const handler = vi.fn()
    onDeskBatch(handler)
    expect(EventsOn).toHaveBeenCalledWith(EVENT_DESK_BATCH, expect.any(Function))
    deliver({ messages: null, conversations: null, agents: [{ id: 2, name: '阿强', status: 'on_break', capacity: 3, role: 'boss', active: 0 }] })
    expect(handler).toHaveBeenCalledWith({
      messages: [],
      conversations: [],
      agents: [{ id: 2, name: '阿强', status: 'offline', capacity: 3, role: 'agent', active: 0, lastAssignedAt: '', autoSend: false }],
      decisions: [],
      ratings: [],
    })
  })
})
