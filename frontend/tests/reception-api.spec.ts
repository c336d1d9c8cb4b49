import { describe, expect, it, vi } from 'vitest'

import * as AgentService from '../wailsjs/go/app/AgentService'
import * as ChatService from '../wailsjs/go/app/ChatService'
import * as NotifyService from '../wailsjs/go/app/NotifyService'
import * as ReceptionService from '../wailsjs/go/app/ReceptionService'
import type { app, engine } from '../wailsjs/go/models'
import { EventsOn, WindowSetTitle } from '../wailsjs/runtime/runtime'
import * as agentsApi from '../src/api/agents'
import * as chat from '../src/api/chat'
import { notify, setWindowTitle } from '../src/api/desktop'
import { onDeskBatch } from '../src/api/events'
import * as reception from '../src/api/reception'

vi.mock('../wailsjs/go/app/AgentService')
vi.mock('../wailsjs/go/app/ChatService')
vi.mock('../wailsjs/go/app/NotifyService')
vi.mock('../wailsjs/go/app/ReceptionService')
vi.mock('../wailsjs/runtime/runtime')

// What Go sends: parsed JSON, not instances of the generated classes.
function wire<T>(json: unknown): T {
  return json as T
}

const goDecision = {
  messageId: 11,
  conversationId: 4,
  shopId: 1,
  outcome: 'handoff',
  reason: { key: 'below_threshold', args: { confidence: '0.61', threshold: '0.87', entry: '包邮吗？', extra: 3 } },
  entryId: 7,
  intent: 'free_shipping',
  confidence: 0.61,
  threshold: 0.87,
  replyId: 0,
  agentId: 2,
  decidedAt: '2026-11-21T09:17:00.123456789Z',
  noticeId: 13,
  notice: { key: 'notice_assist_cannot', args: { why: 'below_threshold', confidence: '0.61' } },
}

describe('reception api (AS-4 – AS-9)', () => {
  it('decodes the decisions of an opened conversation, dropping what is not a decision', async () => {
    vi.mocked(ChatService.Open).mockResolvedValue(
      wire<app.ConversationView>({
        conversation: { id: 4, shopId: 1, status: 'open', state: 'active', attention: 'assist_stopped' },
        messages: [{ id: 11, conversationId: 4, sender: 'assist', type: 'text', text: '包邮', entryId: 7, agentId: 2, createdAt: '' }],
        decisions: [goDecision, { outcome: 'assist' }, { ...goDecision, messageId: 12, outcome: 'robot_answer', reason: null }],
      }),
    )
    const v = await chat.open(4)
    expect(v.conversation.attention).toBe('assist_stopped')
    expect(v.messages[0]?.agentId).toBe(2)
    expect(v.decisions).toEqual([
      {
        ...goDecision,
        reason: { key: 'below_threshold', args: { confidence: '0.61', threshold: '0.87', entry: '包邮吗？' } },
        decidedAt: '2026-11-21T09:17:00.123Z',
      },
      expect.objectContaining({ messageId: 12, outcome: 'robot_answer', reason: { key: '', args: {} } }),
    ])
  })

  it('decodes the ratings of an opened conversation and of a desk batch (RB-7)', async () => {
    const goRating = { conversationId: 4, shopId: 1, replyId: 11, entryId: 7, solved: false, score: 0, reason: 'irrelevant', text: '答非所问', ratedAt: '2026-11-21T09:18:00.5Z' }
    vi.mocked(ChatService.Open).mockResolvedValue(
      wire<app.ConversationView>({
        conversation: { id: 4, shopId: 1, status: 'open', state: 'queued', attention: 'human_requested' },
        messages: [],
        decisions: [],
        ratings: [goRating, { conversationId: 4, replyId: 0, score: 5 }, { score: 3 }],
      }),
    )
    const v = await chat.open(4)
    expect(v.ratings).toEqual([
      { ...goRating, ratedAt: '2026-11-21T09:18:00.5Z' },
      { conversationId: 4, shopId: 0, replyId: 0, entryId: 0, solved: false, score: 5, reason: '', text: '', ratedAt: '' },
    ])
    let handler: ((payload: unknown) => void) | undefined
    vi.mocked(EventsOn).mockImplementation((_name, cb) => {
      handler = cb
      return () => {}
    })
    const batches: unknown[] = []
    onDeskBatch((b) => batches.push(b.ratings))
    handler?.({ messages: null, conversations: null, agents: null, ratings: [goRating] })
    handler?.({ messages: null, conversations: null, agents: null })
    expect(batches).toEqual([[expect.objectContaining({ replyId: 11, solved: false, reason: 'irrelevant' })], []])
  })

  it('calls the robot\'s bindings: settings as text, copy, held conversations, sensitive words', async () => {
    vi.mocked(ReceptionService.ShopSettings).mockResolvedValue(
      wire<app.ShopSettingsView>({
        shopId: 1,
        settings: {},
        defaults: {},
        values: [
          { key: 'robot.enabled', value: 'on', default: 'off', doc: '' },
          { key: 'robot.hours', value: 'mon-fri 09:00-18:00', default: 'mon-sun 09:00-23:00', doc: '' },
        ],
        canEdit: true,
      }),
    )
    const v = await reception.shopSettings(1)
    expect(v.values).toEqual({ 'robot.enabled': 'on', 'robot.hours': 'mon-fri 09:00-18:00' })
    expect(v.defaultValues).toEqual({ 'robot.enabled': 'off', 'robot.hours': 'mon-sun 09:00-23:00' })

    vi.mocked(ReceptionService.CopySettings).mockResolvedValue(wire<app.ShopSettingsView>({ shopId: 2, settings: {}, defaults: {}, values: null, canEdit: true }))
    expect((await reception.copySettings(1, 2, 'robot.')).shopId).toBe(2)
    expect(ReceptionService.CopySettings).toHaveBeenCalledWith({ from: 1, to: 2, prefix: 'robot.' })

    vi.mocked(ReceptionService.RobotHolding).mockResolvedValue(wire<engine.Conversation[]>([{ id: 9, shopId: 1, status: 'open', state: 'queued', buyerName: '小王' }]))
    expect((await reception.robotHolding(1)).map((c) => [c.id, c.buyerName, c.state])).toEqual([[9, '小王', 'queued']])

    vi.mocked(ReceptionService.ImportSensitiveWords).mockResolvedValue(wire<app.ShopSettingsView>({ shopId: 1, settings: {}, defaults: {}, values: [], canEdit: true }))
    await reception.importSensitiveWords(1, '加微信\n私下交易\n')
    expect(ReceptionService.ImportSensitiveWords).toHaveBeenCalledWith({ shopId: 1, content: '加微信\n私下交易\n' })

    vi.mocked(ReceptionService.SensitiveWords).mockResolvedValue(wire<string[]>(['加微信', 7, '']))
    expect(await reception.sensitiveWords(1, '亲 加 微 信 吧')).toEqual(['加微信'])
    vi.mocked(ReceptionService.SensitiveWords).mockResolvedValue(wire<string[]>(null))
    expect(await reception.sensitiveWords(1, '你好')).toEqual([])
  })

  it('decodes the decisions of a desk batch, none when an older backend sends none', () => {
    let handler: ((payload: unknown) => void) | undefined
    vi.mocked(EventsOn).mockImplementation((_name, cb) => {
      handler = cb
      return () => {}
    })
    const batches: unknown[] = []
    onDeskBatch((b) => batches.push(b.decisions))
    handler?.({ messages: null, conversations: null, agents: null, decisions: [goDecision] })
    handler?.({ messages: null, conversations: null, agents: null })
    expect(batches).toEqual([[expect.objectContaining({ messageId: 11, outcome: 'handoff' })], []])
  })

  it("decodes the assist's order context: the order, its state, overdue, or none", async () => {
    const order = { id: 'DY1', status: 'paid', items: null, promiseShipAt: '2026-11-20T10:00:00Z', amountCents: 100 }
    vi.mocked(ChatService.Assist)
      .mockResolvedValueOnce(wire<engine.Assist>({ conversationId: 4, suggestions: null, order: { order, state: 'overdue', source: 'text', candidates: 2 } }))
      .mockResolvedValueOnce(wire<engine.Assist>({ conversationId: 4, suggestions: null, order: { candidates: 3 } }))
      .mockResolvedValueOnce(wire<engine.Assist>({ conversationId: 4, suggestions: null }))
    const a = await chat.assist(4)
    expect(a.order).toMatchObject({ state: 'overdue', source: 'text', overdue: true, candidates: 2 })
    expect(a.order.order).toMatchObject({ id: 'DY1', status: 'paid', items: [] })
    expect((await chat.assist(4)).order).toEqual({ order: null, state: '', source: '', overdue: false, candidates: 3 })
    expect((await chat.assist(4)).order.order).toBeNull()
  })

  it('reports the view, reads and saves shop settings, and hands back the save error', async () => {
    vi.mocked(ReceptionService.ReportView).mockResolvedValue()
    await reception.reportView('w1', 4, true)
    expect(ReceptionService.ReportView).toHaveBeenCalledWith({ window: 'w1', conversationId: 4, focused: true })

    const view = {
      shopId: 1,
      settings: { assistEnabled: true, autoSend: true, threshold: 0.9, burstWaitMs: 3000, draftAutoSend: false },
      defaults: { assistEnabled: true, autoSend: false, threshold: 0.87, burstWaitMs: 0, draftAutoSend: false },
      values: [],
      canEdit: false,
    }
    vi.mocked(ReceptionService.ShopSettings).mockResolvedValue(wire<app.ShopSettingsView>(view))
    expect(await reception.shopSettings(1)).toEqual({ shopId: 1, settings: view.settings, defaults: view.defaults, values: {}, defaultValues: {}, canEdit: false })

    vi.mocked(ReceptionService.SaveShopSettings).mockRejectedValue({
      kind: 'invalid',
      key: 'error.settings_owner_only',
      message: 'only the owner',
    })
    await expect(reception.saveShopSettings(1, { 'assist.auto_send': 'on' })).rejects.toMatchObject({ key: 'error.settings_owner_only' })
    expect(ReceptionService.SaveShopSettings).toHaveBeenCalledWith({ shopId: 1, changes: { 'assist.auto_send': 'on' } })
  })

  it("sets the agent's own auto-send through UpdateAgent", async () => {
    vi.mocked(AgentService.UpdateAgent).mockResolvedValue(
      wire<engine.Agent>({ id: 2, name: '小美', status: 'online', capacity: 5, role: 'agent', active: 1, autoSend: false }),
    )
    const a = await agentsApi.setAutoSend(2, false)
    expect(AgentService.UpdateAgent).toHaveBeenCalledWith({ id: 2, autoSend: false })
    expect(a.autoSend).toBe(false)
  })

  it('notifies through NotifyService and titles the page even without the desktop runtime', async () => {
    vi.mocked(NotifyService.Notify).mockRejectedValue({ kind: 'unavailable', key: 'error.notify_unavailable', message: 'none' })
    await expect(notify({ title: '回复台', body: '2 个会话需要你处理', sound: true })).rejects.toMatchObject({ key: 'error.notify_unavailable' })
    vi.mocked(WindowSetTitle).mockImplementation(() => {
      throw new TypeError('window.runtime is undefined')
    })
    setWindowTitle('(2) 回复台 ReplyDesk')
    expect(document.title).toBe('(2) 回复台 ReplyDesk')
  })
})
