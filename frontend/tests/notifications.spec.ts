import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'

import * as chat from '../src/api/chat'
import * as desktop from '../src/api/desktop'
import * as reception from '../src/api/reception'
import App from '../src/App.vue'
import NotificationMenu from '../src/components/layout/NotificationMenu.vue'
import { useDeskEvents } from '../src/composables/useDeskEvents'
import { useViewReports } from '../src/composables/useViewReports'
import { useAppStore } from '../src/stores/app'
import { useConversationsStore } from '../src/stores/conversations'
import { notifyBurst, prefsKey, useNotificationsStore } from '../src/stores/notifications'
import { viewReportInterval, useWindowViewStore } from '../src/stores/windowView'
import { fakeBackend, type Pushes } from './backend'
import { agent, conversation, view } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/reception')
vi.mock('../src/api/desktop')

/** Desk listens to the desk's pushes and reports the view, as the desk layout does. */
const Desk = defineComponent({
  setup() {
    useDeskEvents()
    useViewReports()
    return () => null
  },
})

let pushes: Pushes

async function mountDesk(conversations = [conversation({ id: 1, buyerName: '老顾客' })]) {
  pushes = fakeBackend(conversations, [agent(), agent({ id: 2, status: 'online' })])
  vi.mocked(chat.open).mockImplementation(async (id) => view(pushes.db.find((c) => c.id === id)!))
  const rendered = render(Desk)
  await useConversationsStore().load()
  await settle()
  return rendered
}

describe('notifications: when a conversation newly needs the agent', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    vi.spyOn(document, 'hasFocus').mockReturnValue(true)
    localStorage.clear()
  })

  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('tells once per burst: several conversations by count, with a sound', async () => {
    await mountDesk()
    pushes.updated(conversation({ id: 2, buyerName: '小王', unreplied: true }))
    vi.advanceTimersByTime(notifyBurst / 2)
    pushes.updated(conversation({ id: 3, buyerName: '<b>李女士</b>', unreplied: true }))
    expect(desktop.notify).not.toHaveBeenCalled()
    vi.advanceTimersByTime(notifyBurst)
    expect(desktop.notify).toHaveBeenCalledOnce()
    expect(desktop.notify).toHaveBeenCalledWith({ title: '2 个会话需要你处理', body: '小王、李女士', sound: true })
  })

  it('names one conversation and why: assist could not answer it (AS-8)', async () => {
    await mountDesk()
    // Known, served by me, and now tagged.
    pushes.updated(conversation({ id: 1, buyerName: '老顾客', unreplied: true, attention: 'assist_stopped' }))
    vi.advanceTimersByTime(notifyBurst)
    expect(desktop.notify).toHaveBeenCalledWith({ title: '老顾客 需要你处理', body: '辅助回复无法回答，请尽快回复 · 小蓝鲸旗舰店', sound: true })
  })

  it('never tells about the conversation in front, nor what does not concern the agent', async () => {
    await mountDesk([conversation({ id: 1, buyerName: '老顾客' }), conversation({ id: 4, buyerName: '同事的', agentId: 2 })])
    await useConversationsStore().open(1)
    await settle()
    pushes.updated(conversation({ id: 1, buyerName: '老顾客', unreplied: true, attention: 'assist_stopped' }))
    // Already mine: a new message is no news; another agent's is theirs.
    pushes.updated(conversation({ id: 1, buyerName: '老顾客', unreplied: true, lastText: '在吗', attention: 'assist_stopped' }))
    pushes.updated(conversation({ id: 4, buyerName: '同事的', agentId: 2, unreplied: true, attention: 'assist_stopped' }))
    vi.advanceTimersByTime(notifyBurst)
    expect(desktop.notify).not.toHaveBeenCalled()

    // Behind other windows, the open one is not in front.
    window.dispatchEvent(new Event('blur'))
    pushes.updated(conversation({ id: 5, buyerName: '新来的', unreplied: true }))
    vi.advanceTimersByTime(notifyBurst)
    expect(desktop.notify).toHaveBeenCalledWith(expect.objectContaining({ title: '新来的 需要你处理', body: '新会话分配给你 · 小蓝鲸旗舰店' }))
  })

  it('keeps the agent muted on this computer: no notification, the choice in localStorage', async () => {
    await mountDesk()
    const store = useNotificationsStore()
    store.setPrefs({ enabled: false })
    expect(JSON.parse(localStorage.getItem(prefsKey(1)) ?? '{}')).toEqual({ enabled: false, sound: true })
    pushes.updated(conversation({ id: 2, unreplied: true }))
    vi.advanceTimersByTime(notifyBurst)
    expect(desktop.notify).not.toHaveBeenCalled()
    store.setPrefs({ enabled: true, sound: false })
    pushes.updated(conversation({ id: 3, unreplied: true }))
    vi.advanceTimersByTime(notifyBurst)
    expect(desktop.notify).toHaveBeenCalledWith(expect.objectContaining({ sound: false }))
  })

  it('ignores a failed notification (no notification service)', async () => {
    await mountDesk()
    vi.mocked(desktop.notify).mockRejectedValue({ kind: 'unavailable', key: 'error.notify_unavailable', message: 'none' })
    pushes.updated(conversation({ id: 2, unreplied: true }))
    vi.advanceTimersByTime(notifyBurst)
    await settle()
    expect(useNotificationsStore().sent).toBe(1)
  })
})

describe('AS-5 the window tells reception what it shows', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    vi.spyOn(document, 'hasFocus').mockReturnValue(true)
  })

  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('on open, switch, focus and every 2 s, and stops on unmount', async () => {
    const { wrapper } = await mountDesk([conversation({ id: 1 }), conversation({ id: 2 })])
    const reports = () => vi.mocked(reception.reportView).mock.calls.map(([, id, focused]) => `${id}:${focused}`)
    expect(reports().at(-1)).toBe('0:true')

    await useConversationsStore().open(1)
    await settle()
    expect(reports().at(-1)).toBe('1:true')
    await useConversationsStore().open(2)
    await settle()
    expect(reports().at(-1)).toBe('2:true')

    const before = reports().length
    vi.advanceTimersByTime(viewReportInterval * 2)
    expect(reports().slice(before)).toEqual(['2:true', '2:true'])

    window.dispatchEvent(new Event('blur'))
    await settle()
    expect(reports().at(-1)).toBe('2:false')
    window.dispatchEvent(new Event('focus'))
    await settle()
    expect(reports().at(-1)).toBe('2:true')

    // The knowledge base in front: no conversation is shown.
    useAppStore().show('kb')
    await settle()
    expect(reports().at(-1)).toBe('0:true')
    useAppStore().show('chat')
    await settle()

    wrapper.unmount()
    const after = reports().length
    expect(reports().at(-1)).toBe('0:false')
    vi.advanceTimersByTime(viewReportInterval * 3)
    expect(reports()).toHaveLength(after)
  })

  it('reports under one random id of its own, so that each of an agent\'s windows counts on its own', async () => {
    await mountDesk([conversation({ id: 1 })])
    await useConversationsStore().open(1)
    await settle()
    vi.advanceTimersByTime(viewReportInterval * 2)
    const ids = new Set(vi.mocked(reception.reportView).mock.calls.map(([w]) => w))
    expect(ids.size).toBe(1)
    const [id] = [...ids]
    expect(id).toBe(useWindowViewStore().windowId)
    expect(id?.length).toBeGreaterThanOrEqual(16)
  })
})

describe('the window title counts the conversations waiting for the agent', () => {
  it('says "(n) 回复台 ReplyDesk", and the name alone when none waits', async () => {
    pushes = fakeBackend([conversation({ id: 1, unreplied: true }), conversation({ id: 2, unreplied: true }), conversation({ id: 3, agentId: 2, unreplied: true })], [
      agent(),
      agent({ id: 2 }),
    ])
    render(App)
    await settle()
    await new Promise((r) => setTimeout(r, 20))
    await settle()
    expect(vi.mocked(desktop.setWindowTitle).mock.calls.at(-1)).toEqual(['(2) 回复台 ReplyDesk'])
    pushes.db.forEach((c, i) => (pushes.db[i] = { ...c, unreplied: false }))
    await useNotificationsStore().refreshWaiting()
    await settle()
    expect(vi.mocked(desktop.setWindowTitle).mock.calls.at(-1)).toEqual(['回复台 ReplyDesk'])
  })
})

describe('the bell in the top bar', () => {
  it('mutes and unmutes, turns the sound off, and tests a notification', async () => {
    fakeBackend()
    localStorage.clear()
    const { wrapper } = render(NotificationMenu)
    await settle()
    const bell = wrapper.get('[data-testid="notify-button"]')
    expect(bell.attributes('data-muted')).toBe('false')
    await bell.trigger('click')
    await settle()
    const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!
    expect(q('notify-menu').textContent).toContain('只保存在这台电脑上，仅对 小美 生效')
    q('notify-sound').click()
    await settle()
    expect(useNotificationsStore().prefs).toEqual({ enabled: true, sound: false })
    q('notify-test').click()
    await settle()
    expect(desktop.notify).toHaveBeenCalledWith({ title: '回复台 · 测试通知', body: '桌面通知可以正常显示', sound: false })
    expect(toasts()).toContain('已发送测试通知')
    q('notify-enabled').click()
    await settle()
    expect(wrapper.get('[data-testid="notify-button"]').attributes('data-muted')).toBe('true')
    expect(JSON.parse(localStorage.getItem(prefsKey(1)) ?? '{}')).toEqual({ enabled: false, sound: false })
  })
})
