// A fake backend behind the mocked api modules. A spec that uses it must
// mock the modules itself, at its top:
//
//   vi.mock('../src/api/app')
//   vi.mock('../src/api/chat')
//   vi.mock('../src/api/agents')
//   vi.mock('../src/api/events')
import { vi } from 'vitest'

import * as agentsApi from '../src/api/agents'
import * as appApi from '../src/api/app'
import * as calibrationApi from '../src/api/calibration'
import * as chat from '../src/api/chat'
import type { Buyer } from '../src/api/buyer'
import * as desktop from '../src/api/desktop'
import * as events from '../src/api/events'
import * as reception from '../src/api/reception'
import type { DecisionRecord, Rating, SettingValues, ShopSettingsView } from '../src/api/reception'
import type { JobEvent, ReplayOffer } from '../src/api/feedbackTypes'
import * as scenarioApi from '../src/api/scenario'
import type {
  Agent,
  AppError,
  Assist,
  Conversation,
  ConversationMessageEvent,
  ConversationPage,
  DeskBatch,
  ListFilter,
  ListName,
} from '../src/api/types'
import { agent, assist, me, view } from './fixtures'
import { calibration, definition } from './scenario-fixtures'

/** The handlers the window registered for pushed events, and how many are still listening. */
export interface Pushes {
  message: (e: ConversationMessageEvent) => void
  updated: (c: Conversation) => void
  /** assistUpdated pushes the LLM's order of an assist (assist:updated). */
  assistUpdated: (a: Assist) => void
  /** buyerUpdated pushes a buyer whose notes were saved (buyer:updated). */
  buyerUpdated: (b: Buyer) => void
  /** feedbackChanged, feedbackJob and replayOffer push the feedback loop's events (FB-1 – FB-5). */
  feedbackChanged: (e: { shopId: number }) => void
  feedbackJob: (e: JobEvent) => void
  replayOffer: (e: ReplayOffer) => void
  /** agents pushes every agent (in a desk:batch). */
  agents: (list: Agent[]) => void
  /** decided pushes reception's decisions, with the conversations they changed (in a desk:batch). */
  decided: (decisions: DecisionRecord[], conversations?: Conversation[]) => void
  /** rated pushes buyers' ratings, with the conversations they changed (in a desk:batch). */
  rated: (ratings: Rating[], conversations?: Conversation[]) => void
  /** settingsChanged tells the window that shops' settings changed (settings:changed). */
  settingsChanged: () => void
  /** The shops' assistant settings the fake holds (when the spec mocks api/reception). */
  settings: Record<number, ShopSettingsView>
  listening: () => number
  /** The conversations the fake backend holds, in its list order; tests may change them. */
  db: Conversation[]
  /** The agents it holds; the first is at the desk unless switched. */
  staff: Agent[]
}

const lists: ListName[] = ['all', 'unread', 'unreplied', 'queued', 'closed']

function has(list: ListName, c: Conversation): boolean {
  const open = c.state !== 'closed'
  return {
    all: open,
    unread: open && c.unread > 0,
    unreplied: open && c.unreplied,
    queued: c.state === 'queued',
    closed: !open,
  }[list]
}

/**
 * fakeList pages through conversations as ChatService.List does, keeping
 * their given order as the backend's; search looks at the buyer and the last text.
 */
export function fakeList(db: Conversation[], f: ListFilter): ConversationPage {
  const q = f.query.trim().toLowerCase()
  const hits = db.filter(
    (c) =>
      (f.shopIds.length === 0 || f.shopIds.includes(c.shopId)) &&
      (q === '' || c.buyerName.toLowerCase().includes(q) || c.lastText.toLowerCase().includes(q)),
  )
  const of = (l: ListName) => hits.filter((c) => has(l, c) && (f.agentId === 0 || l === 'queued' || c.agentId === f.agentId))
  const counts = Object.fromEntries(lists.map((l) => [l, of(l).length])) as Record<ListName, number>
  const items = of(f.list)
  return { items: items.slice(f.offset, f.offset + (f.limit || 50)), total: items.length, counts }
}

/** The robot's settings of a Chinese shop as the backend's defaults say them (engine.DefaultShopSettings). */
export const robotDefaults: SettingValues = {
  'reply.enabled': 'on',
  'reply.off_windows': '',
  'robot.enabled': 'off',
  'robot.mode': 'all_day',
  'robot.fallback': '抱歉目前人工客服不在线，上线后会第一时间回复您',
  'robot.away': '',
  'robot.greeting': '',
  'robot.hours': 'mon-sun 09:00-23:00',
  'robot.timezone': 'Asia/Shanghai',
  'robot.cn_holidays': 'on',
  'robot.days_off': '',
  'rules.scene': 'intent:complaint,intent:price_protection,keyword:投诉,keyword:12315',
  'rules.sensitive_words': '',
  'rules.sensitive_preset': 'on',
}

export const noneWaiting: AppError = { kind: 'not_found', key: 'error.none_waiting', message: 'no buyer is waiting for a reply' }

/**
 * fakeBackend makes every api call answer plausibly: the given conversations
 * (served by the agent at the desk unless they say otherwise), each opening
 * with no messages and no recommendation, and the given agents (by default
 * one, online). Tests override single calls with vi.mocked(chat.x)… It
 * returns the event handlers, to push events as the Go side would, and the
 * fake's data.
 */
export function fakeBackend(conversations: Conversation[] = [], staff: Agent[] = [agent()]): Pushes {
  const db = [...conversations]
  const people = staff.map((a) => ({ ...a }))
  let currentId = people[0]?.id ?? me
  const find = (id: number) => {
    const c = db.find((x) => x.id === id)
    if (c === undefined) {
      throw { kind: 'not_found', key: 'error.not_found', message: 'not found' }
    }
    return c
  }
  const person = (id: number) => {
    const a = people.find((x) => x.id === id)
    if (a === undefined) {
      throw { kind: 'not_found', key: 'error.not_found', message: 'no such agent' }
    }
    return a
  }
  const save = (c: Conversation) => {
    db.splice(db.findIndex((x) => x.id === c.id), 1, c)
    return c
  }

  vi.mocked(appApi.info).mockResolvedValue({ version: 'test', dataDir: '/tmp/replydesk', simulatorUrl: 'http://127.0.0.1:8765/', logDir: '/tmp/replydesk/logs' })
  vi.mocked(appApi.openSimulator).mockResolvedValue()
  vi.mocked(chat.shops).mockResolvedValue([{ id: 1, name: '小蓝鲸旗舰店', platform: 'sim', locale: 'zh-CN' }])
  vi.mocked(chat.conversations).mockImplementation(async () => db.filter((c) => c.state !== 'closed'))
  vi.mocked(chat.list).mockImplementation(async (f) => fakeList(db, f))
  vi.mocked(chat.longestWaiting).mockImplementation(async (agentId, shopIds) => {
    const waiting = db
      .filter((c) => c.unreplied && c.state !== 'closed')
      .filter((c) => (agentId === 0 || c.agentId === agentId) && (shopIds.length === 0 || shopIds.includes(c.shopId)))
      .sort((a, b) => Date.parse(a.waitingSince) - Date.parse(b.waitingSince) || a.id - b.id)
    if (waiting[0] === undefined) {
      throw noneWaiting
    }
    return waiting[0]
  })
  vi.mocked(chat.transfer).mockImplementation(async (id, agentId) => {
    const c = find(id)
    if (c.state === 'closed') {
      throw { kind: 'conflict', key: 'error.conversation_closed', message: 'closed' }
    }
    if (agentId === 0) {
      return save({ ...c, state: 'queued', agentId: 0, agentName: '', priority: true })
    }
    return save({ ...c, state: 'active', agentId, agentName: person(agentId).name, priority: false })
  })
  vi.mocked(chat.close).mockImplementation(async (id) =>
    save({ ...find(id), state: 'closed', status: 'closed', unreplied: false, waitingSince: '', closeReason: 'agent', closedAt: new Date().toISOString() }),
  )
  vi.mocked(chat.open).mockImplementation(async (id) => view({ ...find(id), unread: 0 }))
  vi.mocked(chat.assist).mockImplementation(async (id) => assist({ conversationId: id }))
  vi.mocked(chat.searchKB).mockResolvedValue([])
  vi.mocked(chat.send).mockRejectedValue(new Error('send not expected in this test'))

  vi.mocked(agentsApi.agents).mockImplementation(async () => people.map((a) => ({ ...a })))
  vi.mocked(agentsApi.currentAgent).mockImplementation(async () => ({ ...person(currentId) }))
  vi.mocked(agentsApi.setStatus).mockImplementation(async (id, status) => {
    const a = person(id)
    a.status = status
    return { ...a }
  })
  vi.mocked(agentsApi.switchAgent).mockImplementation(async (id) => {
    const a = person(id)
    if (id !== currentId) {
      person(currentId).status = 'offline'
    }
    currentId = id
    a.status = 'online'
    return { ...a }
  })
  if (vi.isMockFunction(agentsApi.setAutoSend)) {
    vi.mocked(agentsApi.setAutoSend).mockImplementation(async (id, on) => {
      const a = person(id)
      a.autoSend = on
      return { ...a }
    })
  }
  vi.mocked(agentsApi.createAgent).mockImplementation(async (req) => {
    if (req.name.trim() === '') {
      throw { kind: 'invalid', key: 'error.agent_name_empty', message: 'the agent needs a name' }
    }
    if (people.some((a) => a.name === req.name.trim())) {
      throw { kind: 'invalid', key: 'error.agent_name_taken', message: 'taken' }
    }
    const a = agent({ id: Math.max(0, ...people.map((p) => p.id)) + 1, name: req.name.trim(), capacity: req.capacity || 5, role: req.role })
    people.push(a)
    return { ...a }
  })

  // The assistant's settings: assist on, auto-send allowed, the owner may edit.
  const settings: Record<number, ShopSettingsView> = {}
  const settingsOf = (shopId: number): ShopSettingsView => {
    const defaults = { assistEnabled: true, autoSend: false, threshold: 0.87, burstWaitMs: 0, draftAutoSend: false }
    settings[shopId] ??= {
      shopId,
      settings: { ...defaults, autoSend: true },
      defaults,
      values: { ...robotDefaults, 'assist.enabled': 'on', 'assist.auto_send': 'on', 'assist.threshold': '0.87' },
      defaultValues: { ...robotDefaults },
      canEdit: true,
    }
    return settings[shopId]
  }
  if (vi.isMockFunction(reception.shopSettings)) {
    vi.mocked(reception.reportView).mockResolvedValue()
    vi.mocked(reception.sensitiveWords).mockResolvedValue([])
    vi.mocked(reception.robotHolding).mockResolvedValue([])
    vi.mocked(reception.shopSettings).mockImplementation(async (shopId) => structuredClone(settingsOf(shopId)))
    vi.mocked(reception.saveShopSettings).mockImplementation(async (shopId, changes) => {
      const v = settingsOf(shopId)
      const on = (x: string | undefined, was: boolean) => (x === undefined ? was : x === 'on')
      v.settings = {
        assistEnabled: on(changes['assist.enabled'], v.settings.assistEnabled),
        autoSend: on(changes['assist.auto_send'], v.settings.autoSend),
        threshold: changes['assist.threshold'] === undefined ? v.settings.threshold : Number(changes['assist.threshold']),
        burstWaitMs: changes['assist.burst_wait'] === undefined ? v.settings.burstWaitMs : parseFloat(changes['assist.burst_wait']) * 1000,
        draftAutoSend: on(changes['assist.draft_auto_send'], v.settings.draftAutoSend),
      }
      v.values = { ...v.values, ...changes }
      return structuredClone(v)
    })
  }
  // Scenarios (when the spec mocks api/scenario): the robot is off, so scripts are not editable; no reports yet.
  if (vi.isMockFunction(scenarioApi.scriptsAccess)) {
    vi.mocked(scenarioApi.scriptsAccess).mockResolvedValue({ robotEnabled: false, canEdit: true })
    vi.mocked(scenarioApi.scenario).mockResolvedValue(definition())
    vi.mocked(scenarioApi.scriptHistory).mockResolvedValue([])
    vi.mocked(scenarioApi.reports).mockResolvedValue([])
  }
  // The threshold's estimate (when the spec mocks api/calibration).
  if (vi.isMockFunction(calibrationApi.calibration)) {
    vi.mocked(calibrationApi.calibration).mockImplementation(async (shopId) => calibration({ shopId }))
  }
  if (vi.isMockFunction(desktop.notify)) {
    vi.mocked(desktop.notify).mockResolvedValue()
  }

  const pushes: Partial<Pushes> = {}
  let listening = 0
  const subscribe = <T>(set: (h: (payload: T) => void) => void) => {
    return (handler: (payload: T) => void) => {
      set(handler)
      listening++
      return vi.fn(() => {
        listening--
      })
    }
  }
  let batch: ((b: DeskBatch) => void) | undefined
  vi.mocked(events.onDeskBatch).mockImplementation(subscribe((h) => (batch = h)))
  vi.mocked(events.onAssistUpdated).mockImplementation(subscribe((h) => (pushes.assistUpdated = h)))
  vi.mocked(events.onBuyerUpdated).mockImplementation(subscribe((h) => (pushes.buyerUpdated = h)))
  vi.mocked(events.onFeedbackChanged).mockImplementation(subscribe((h) => (pushes.feedbackChanged = h)))
  vi.mocked(events.onFeedbackJob).mockImplementation(subscribe((h) => (pushes.feedbackJob = h)))
  vi.mocked(events.onReplayOffer).mockImplementation(subscribe((h) => (pushes.replayOffer = h)))
  let settingsChanged: (() => void) | undefined
  vi.mocked(events.onSettingsChanged).mockImplementation(
    subscribe<void>((h) => {
      settingsChanged = () => h()
    }),
  )

  // Each push arrives as the Go side batches it (app.DeskBatch).
  return {
    message: (e) => batch?.({ messages: [e], conversations: [e.conversation], agents: null, decisions: [], ratings: [] }),
    updated: (c) => batch?.({ messages: [], conversations: [c], agents: null, decisions: [], ratings: [] }),
    assistUpdated: (a) => pushes.assistUpdated?.(a),
    buyerUpdated: (b) => pushes.buyerUpdated?.(b),
    agents: (list) => batch?.({ messages: [], conversations: [], agents: list, decisions: [], ratings: [] }),
    decided: (decisions, conversations = []) => batch?.({ messages: [], conversations, agents: null, decisions, ratings: [] }),
    rated: (ratings, conversations = []) => batch?.({ messages: [], conversations, agents: null, decisions: [], ratings }),
    settingsChanged: () => settingsChanged?.(),
    settings,
    feedbackChanged: (e) => pushes.feedbackChanged?.(e),
    feedbackJob: (e) => pushes.feedbackJob?.(e),
    replayOffer: (e) => pushes.replayOffer?.(e),
    listening: () => listening,
    db,
    staff: people,
  }
}
