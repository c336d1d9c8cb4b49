import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

import * as chat from '../api/chat'
import * as desktop from '../api/desktop'
import type { Conversation } from '../api/types'
import { i18n } from '../i18n'
import { useAgentsStore } from './agents'
import { useConversationsStore } from './conversations'
import { latest } from './latest'
import { useWindowViewStore } from './windowView'

/** What arrives within this many ms comes as one notification. */
export const notifyBurst = 2000

/** How many conversations the store remembers, to tell what changed; the oldest heard of are forgotten. */
const maxSeen = 5000

/** The count waiting for the agent is asked again at most this often while events are pushed, in ms. */
export const waitingDelay = 500

/** The agent's notification preferences, kept in this computer's localStorage per agent. */
export interface NotificationPrefs {
  /** Desktop notifications are shown (off: muted). */
  enabled: boolean
  /** A short sound comes with them. */
  sound: boolean
}

export const defaultPrefs: Readonly<NotificationPrefs> = Object.freeze({ enabled: true, sound: true })

/** prefsKey is the localStorage key of an agent's preferences. */
export function prefsKey(agentId: number): string {
  return `replydesk.notifications.${agentId}`
}

function readPrefs(agentId: number): NotificationPrefs {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(prefsKey(agentId)) ?? 'null')
    if (typeof saved === 'object' && saved !== null) {
      const p = saved as Partial<NotificationPrefs>
      return { enabled: p.enabled !== false, sound: p.sound !== false }
    }
  } catch {
    // Storage disabled or a hand-edited value: the defaults.
  }
  return { ...defaultPrefs }
}

/** Why a conversation needs the agent: it was given to the agent, or assist could not answer it (AS-8). */
type Need = 'assigned' | 'attention'

/** What the store remembers of a conversation, to tell what changed. */
interface Seen {
  state: Conversation['state']
  agentId: number
  attention: string
}

/** Names that reach a notification: a notification daemon may read markup in it, so none goes. */
function plain(s: string): string {
  return s.replace(/<[^>]*>/g, '').replace(/[<>&]/g, '').trim()
}

/**
 * The notifications store tells the agent when a conversation newly needs
 * them — assigned to them, or its attention set (assist could not answer)
 * on one of theirs or a queued one — with one desktop notification per burst
 * (notifyBurst) and an optional sound, never for the conversation in front;
 * and counts the conversations waiting for the agent's reply, for the
 * window's title. The agent's preferences live in localStorage.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const agents = useAgentsStore()
  const conversations = useConversationsStore()
  const view = useWindowViewStore()

  const prefs = ref<NotificationPrefs>(readPrefs(agents.currentId))
  watch(
    () => agents.currentId,
    (id) => {
      prefs.value = readPrefs(id)
    },
  )

  /** setPrefs changes the current agent's preferences and keeps them on this computer. */
  function setPrefs(next: Partial<NotificationPrefs>): void {
    prefs.value = { ...prefs.value, ...next }
    try {
      localStorage.setItem(prefsKey(agents.currentId), JSON.stringify(prefs.value))
    } catch {
      // Storage disabled: the choice lasts until the window closes.
    }
  }

  // ——— Noticing what newly needs the agent ———

  const seen = new Map<number, Seen>()
  /** The conversations of the burst under way, with why each needs the agent. */
  let pending = new Map<number, { c: Conversation; need: Need }>()
  let burstTimer: ReturnType<typeof setTimeout> | undefined
  /** How many notifications were asked for, for tests and the log. */
  const sent = ref(0)

  function before(id: number): Seen | undefined {
    const known = seen.get(id)
    if (known !== undefined) {
      return known
    }
    const listed = conversations.items.find((c) => c.id === id) ?? (conversations.active?.id === id ? conversations.active : undefined)
    return listed === undefined ? undefined : { state: listed.state, agentId: listed.agentId, attention: listed.attention }
  }

  /** needOf says why a conversation as it is now newly needs the agent, given what it was; null when it does not. */
  function needOf(c: Conversation, was: Seen | undefined): Need | null {
    const me = agents.currentId
    const mine = c.state === 'active' && me !== 0 && c.agentId === me
    const wasMine = was !== undefined && was.state === 'active' && was.agentId === me
    if (c.attention !== '' && (mine || c.state === 'queued') && (was === undefined || was.attention === '' || (mine && !wasMine))) {
      return 'attention'
    }
    // One never seen is new to the agent when it waits for a reply (routed or transferred to them).
    if (mine && (was === undefined ? c.unreplied : !wasMine)) {
      return 'assigned'
    }
    return null
  }

  /**
   * observe looks at conversations as the backend now has them (a desk
   * batch, before the lists apply it) for those that newly need the agent.
   */
  function observe(list: readonly Conversation[]): void {
    for (const c of list) {
      const need = needOf(c, before(c.id))
      seen.delete(c.id)
      seen.set(c.id, { state: c.state, agentId: c.agentId, attention: c.attention })
      if (seen.size > maxSeen) {
        seen.delete(seen.keys().next().value!) // the one heard of longest ago
      }
      if (need !== null && c.id !== view.inFront) {
        const had = pending.get(c.id)
        pending.set(c.id, { c, need: had?.need === 'attention' ? 'attention' : need })
      }
    }
    if (pending.size > 0 && burstTimer === undefined) {
      burstTimer = setTimeout(flush, notifyBurst)
    }
  }

  /** flush shows the burst's notification: one conversation by name, several by count. */
  function flush(): void {
    burstTimer = undefined
    const due = [...pending.values()].filter(({ c }) => c.id !== view.inFront)
    pending = new Map()
    if (due.length === 0 || !prefs.value.enabled) {
      return
    }
    const { t } = i18n.global
    const buyerOf = (c: Conversation) => plain(c.buyerName) || t('conversations.unknownBuyer', { id: c.buyerId })
    const first = due[0]!
    const title = due.length === 1 ? t('notify.one', { buyer: buyerOf(first.c) }) : t('notify.many', { n: due.length })
    let body: string
    if (due.length === 1) {
      body = t(first.need === 'attention' ? 'notify.attention' : 'notify.assigned', { shop: plain(first.c.shopName) })
    } else {
      const names = due.slice(0, 3).map(({ c }) => buyerOf(c)).join(t('list.separator'))
      body = due.length > 3 ? t('notify.names', { names }) : names
    }
    sent.value++
    desktop.notify({ title, body, sound: prefs.value.sound }).catch(() => {
      // No notification service here: the list and the title still say it.
    })
  }

  /** test shows a notification now; it rejects with an AppError where none can be shown. */
  function test(): Promise<void> {
    const { t } = i18n.global
    return desktop.notify({ title: t('notify.testTitle'), body: t('notify.testBody'), sound: prefs.value.sound })
  }

  // ——— The count waiting for the agent, for the window's title ———

  /** How many of the agent's conversations wait for a reply (the Unreplied list of their own). */
  const waiting = ref(0)
  const counts = latest()
  let waitingTimer: ReturnType<typeof setTimeout> | undefined

  async function refreshWaiting(): Promise<void> {
    const ticket = counts.next()
    await agents.ensureLoaded()
    const me = agents.currentId
    if (me === 0) {
      return
    }
    try {
      const page = await chat.list({ shopIds: [], list: 'unreplied', agentId: me, query: '', offset: 0, limit: 1 })
      if (ticket.current()) {
        waiting.value = page.total
      }
    } catch {
      // The title keeps the last count until the next change.
    }
  }

  /** scheduleWaiting counts again soon, at most every waitingDelay ms however many events come. */
  function scheduleWaiting(): void {
    if (waitingTimer === undefined) {
      waitingTimer = setTimeout(() => {
        waitingTimer = undefined
        void refreshWaiting()
      }, waitingDelay)
    }
  }

  watch(
    () => agents.currentId,
    () => scheduleWaiting(),
  )

  /** stop drops the burst under way and the timers (the window is going away). */
  function stop(): void {
    clearTimeout(burstTimer)
    clearTimeout(waitingTimer)
    burstTimer = undefined
    waitingTimer = undefined
    pending = new Map()
  }

  return { prefs, setPrefs, observe, flush, test, sent, waiting, refreshWaiting, scheduleWaiting, stop }
})
