import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'

import * as chat from '../api/chat'
import { toAppError } from '../api/errors'
import type {
  AppError,
  CardKind,
  Conversation,
  ConversationMessageEvent,
  ListCounts,
  ListFilter,
  ListName,
  Message,
  SendRequest,
  Suggestion,
} from '../api/types'
import { compare, inList, inScope, matchesQuery, noCounts, type ListScope } from '../conversations/lists'
import { useAgentsStore } from './agents'
import { useAssistStore } from './assist'
import { useDecisionsStore } from './decisions'
import { latest } from './latest'
import { useRatingsStore } from './ratings'

/**
 * A reply being written. entryId is the KB entry its text came from, 0 for
 * free text. fromEntryId and suggested are the recommendation the text
 * started from and its text, kept when the reply is detached from the KB:
 * the send tells whether the agent edited it (FB-1).
 */
export interface Draft {
  text: string
  entryId: number
  fromEntryId?: number
  suggested?: string
}

const emptyDraft: Readonly<Draft> = Object.freeze({ text: '', entryId: 0 })

/** How many conversations a page of the list brings. */
export const pageSize = 100

/** How long the agent's typing in the search box must pause before the list is searched, in ms. */
export const searchDelay = 250

/** The counts are asked again at most this often while events are pushed, in ms. */
export const countsDelay = 300

/** The localStorage key that keeps whether the list shows the agent's own conversations only. */
export const mineStorageKey = 'replydesk.conversations.mine'

function savedMine(): boolean {
  try {
    return localStorage.getItem(mineStorageKey) !== 'all'
  } catch {
    return true
  }
}

/** The error the backend gives when no buyer is waiting for a reply. */
export const noneWaitingKey = 'error.none_waiting'

/**
 * The conversations store holds the conversation list on screen (one list —
 * all, unread, unreplied, queued, closed — of the agent's own conversations or
 * everyone's, maybe searched, paged from the backend), the messages of the
 * conversations seen so far, which one is open, and the agent's reply drafts
 * (one per conversation).
 */
export const useConversationsStore = defineStore('conversations', () => {
  const assist = useAssistStore()
  const agents = useAgentsStore()
  const decisions = useDecisionsStore()
  const ratings = useRatingsStore()

  // ——— The list on screen ———

  /** Which list is shown. */
  const list = ref<ListName>('all')
  /** Only the current agent's conversations (the queue is everyone's anyway). */
  const mine = ref(savedMine())
  /** The shops shown; empty for all. */
  const shopIds = ref<number[]>([])
  /** The search box as typed, and the search the list shows (typed, trimmed, once typing paused). */
  const query = ref('')
  const appliedQuery = ref('')
  let searchTimer: ReturnType<typeof setTimeout> | undefined

  // The loaded rows, in the list's order. A plain array behind a shallow ref,
  // replaced on every change: with thousands of rows, no deep proxies.
  const items = shallowRef<readonly Conversation[]>([])
  const total = ref(0)
  const counts = ref<ListCounts>({ ...noCounts })
  const loading = ref(false)
  const loaded = ref(false)
  const loadError = ref<AppError | null>(null)
  const loadingMore = ref(false)
  const moreError = ref<AppError | null>(null)
  const listLoads = latest()
  let countsTimer: ReturnType<typeof setTimeout> | undefined
  // Events that arrive while the list loads are replayed over the loaded list.
  let held: (() => void)[] | null = null

  const scope = computed<ListScope>(() => ({ agentId: mine.value ? agents.currentId : 0, shopIds: shopIds.value }))
  const hasMore = computed(() => items.value.length < total.value)

  // Messages by conversation, oldest first: those loaded when a conversation
  // was opened and those pushed since. An opened conversation shows what is
  // known at once, and what the backend answers is merged in.
  const threads = ref<Record<number, Message[]>>({})

  // The open conversation, which need not be in the list shown.
  const activeId = ref<number | null>(null)
  const active = ref<Conversation | null>(null)
  const opening = ref(false)
  const openError = ref<AppError | null>(null)
  const opens = latest()

  const sending = ref(false)
  const drafts = ref<Record<number, Draft>>({})
  /** Incremented when the reply box should take the focus. */
  const focusRequests = ref(0)

  /** The open conversation is closed: it can be read, not answered. */
  const readOnly = computed(() => active.value?.state === 'closed')
  const messages = computed<Message[]>(() => (activeId.value === null ? undefined : threads.value[activeId.value]) ?? [])
  /**
   * How many conversations have unread buyer messages, in the lists' scope;
   * a search does not change it (it keeps the count from before the search).
   */
  const unreadTotal = ref(0)
  const draft = computed<Readonly<Draft>>(() => (activeId.value === null ? undefined : drafts.value[activeId.value]) ?? emptyDraft)

  function filter(offset: number, limit: number): ListFilter {
    return {
      shopIds: [...shopIds.value],
      list: list.value,
      agentId: scope.value.agentId,
      query: appliedQuery.value,
      offset,
      limit,
    }
  }

  function setCounts(next: ListCounts): void {
    counts.value = next
    if (appliedQuery.value === '') {
      unreadTotal.value = next.unread
    }
  }

  /** belongs tells whether a conversation is one of the list shown. */
  function belongs(c: Conversation): boolean {
    return inList(list.value, c) && inScope(list.value, scope.value, c)
  }

  /**
   * load fetches the first page of the list shown, with the counts of every
   * list. A load started later wins over one under way.
   */
  async function load(): Promise<void> {
    const ticket = listLoads.next()
    loading.value = true
    loadError.value = null
    loadingMore.value = false
    moreError.value = null
    held ??= []
    clearTimeout(countsTimer)
    countsTimer = undefined
    try {
      await agents.ensureLoaded()
      const page = await chat.list(filter(0, pageSize))
      if (!ticket.current()) {
        return
      }
      items.value = page.items.map(readIfOpen)
      total.value = page.total
      setCounts(page.counts)
      loaded.value = true
    } catch (err) {
      if (ticket.current()) {
        loadError.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        loading.value = false
        const replay = held ?? []
        held = null
        replay.forEach((handle) => handle())
      }
    }
  }

  /**
   * loadMore fetches the next page, once the agent has scrolled near the end
   * of what is loaded. Rows the window already has are not added twice.
   */
  async function loadMore(): Promise<void> {
    if (loading.value || loadingMore.value || !hasMore.value || loadError.value !== null) {
      return
    }
    const ticket = listLoads.ticket()
    loadingMore.value = true
    moreError.value = null
    // The rows shown that the backend does not count in this list (the open
    // one, kept while read) are not part of the offset.
    const offset = items.value.filter(belongs).length
    try {
      const page = await chat.list(filter(offset, pageSize))
      if (!ticket.current()) {
        return
      }
      const known = new Set(items.value.map((c) => c.id))
      const fresh = page.items.filter((c) => !known.has(c.id)).map(readIfOpen)
      items.value = fresh.length > 0 ? [...items.value, ...fresh] : items.value
      total.value = page.total
      setCounts(page.counts)
    } catch (err) {
      if (ticket.current()) {
        moreError.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        loadingMore.value = false
      }
    }
  }

  /**
   * scheduleCounts asks the backend for the counts again, at most every
   * countsDelay ms however many events are pushed, and once after the last.
   */
  function scheduleCounts(): void {
    if (countsTimer !== undefined) {
      return
    }
    countsTimer = setTimeout(() => {
      countsTimer = undefined
      void refreshCounts()
    }, countsDelay)
  }

  async function refreshCounts(): Promise<void> {
    const ticket = listLoads.ticket()
    try {
      const page = await chat.list(filter(0, 1))
      if (ticket.current() && !loading.value) {
        setCounts(page.counts)
        total.value = Math.max(page.total, items.value.filter(belongs).length)
      }
    } catch {
      // The counts stay as they were until the next event or load.
    }
  }

  function showList(l: ListName): void {
    if (l !== list.value) {
      list.value = l
      void load()
    }
  }

  function showMine(m: boolean): void {
    if (m === mine.value) {
      return
    }
    mine.value = m
    try {
      localStorage.setItem(mineStorageKey, m ? 'mine' : 'all')
    } catch {
      // Storage disabled: the choice lasts until the window closes.
    }
    void load()
  }

  /** search shows the conversations whose buyer or messages contain text, once typing has paused. */
  function search(text: string): void {
    query.value = text
    clearTimeout(searchTimer)
    const next = text.trim()
    if (next === appliedQuery.value) {
      return
    }
    const apply = () => {
      appliedQuery.value = next
      void load()
    }
    if (next === '') {
      apply() // clearing the box shows everything at once
    } else {
      searchTimer = setTimeout(apply, searchDelay)
    }
  }

  // The agent's own list follows the agent at the desk.
  watch(
    () => agents.currentId,
    (id, before) => {
      if (mine.value && loaded.value && id !== before) {
        void load()
      }
    },
  )

  /** The open conversation is being read: it has nothing unread to show. */
  function readIfOpen(c: Conversation): Conversation {
    return c.id === activeId.value && c.unread > 0 ? { ...c, unread: 0 } : c
  }

  /**
   * place puts a conversation as the backend now has it where it goes in the
   * list shown: in place, or to the top when it has a new message, or out of
   * the list when it no longer belongs (the open one stays while it is
   * read). One that is new to the list goes where the list's order puts it,
   * unless that is past the rows loaded so far.
   */
  function place(c: Conversation, moved: boolean): void {
    const next = readIfOpen(c)
    if (next.id === activeId.value) {
      active.value = next
    }
    const rows = items.value.slice()
    const i = rows.findIndex((x) => x.id === next.id)
    const isActive = next.id === activeId.value
    if (i >= 0) {
      if (!belongs(next) && !isActive) {
        rows.splice(i, 1)
      } else if (moved && list.value !== 'queued') {
        rows.splice(i, 1)
        rows.unshift(next)
      } else if (list.value === 'queued' && !isActive) {
        rows.splice(i, 1)
        insert(rows, next)
      } else {
        rows[i] = next
      }
      items.value = rows
      return
    }
    if (!belongs(next) || !matchesQuery(appliedQuery.value, next) || !loaded.value) {
      return
    }
    if (moved && list.value !== 'queued') {
      rows.unshift(next)
    } else if (!insert(rows, next)) {
      return
    }
    items.value = rows
  }

  /** insert puts c in rows in the list's order; not past the end while more rows are to load. */
  function insert(rows: Conversation[], c: Conversation): boolean {
    const at = rows.findIndex((x) => compare(list.value, c, x) < 0)
    if (at >= 0) {
      rows.splice(at, 0, c)
      return true
    }
    if (rows.length >= total.value) {
      rows.push(c)
      return true
    }
    return false
  }

  /** leave takes the conversation the agent leaves off the list if it was only kept there while read. */
  function leave(id: number | null): void {
    if (id === null) {
      return
    }
    const row = items.value.find((x) => x.id === id)
    if (row !== undefined && !belongs(row)) {
      items.value = items.value.filter((x) => x.id !== id)
    }
  }

  /** addMessages adds messages to a conversation's thread, once each, in order. */
  function addMessages(conversationId: number, list: Message[]): void {
    const thread = threads.value[conversationId] ?? []
    const known = new Set(thread.map((m) => m.id))
    const fresh = list.filter((m) => !known.has(m.id))
    if (fresh.length > 0 || threads.value[conversationId] === undefined) {
      threads.value[conversationId] = [...thread, ...fresh].sort((a, b) => a.id - b.id)
    }
  }

  /**
   * open shows a conversation: it becomes the open one, its messages and
   * recommendations are fetched, and the backend marks it read. known is what
   * the window already knows of it, when it is not in the list shown.
   */
  async function open(id: number, known?: Conversation): Promise<void> {
    if (id === activeId.value && openError.value === null) {
      return
    }
    const ticket = opens.next()
    const left = activeId.value
    activeId.value = id
    leave(left)
    openError.value = null
    opening.value = true
    // The list shows it read at once; the backend's answer confirms it.
    const listed = items.value.find((c) => c.id === id) ?? known ?? (active.value?.id === id ? active.value : undefined)
    active.value = listed === undefined ? null : readIfOpen(listed)
    if (listed !== undefined) {
      place(listed, false)
    }
    void assist.load(id)
    try {
      const view = await chat.open(id)
      decisions.add(view.decisions)
      ratings.add(view.ratings)
      addMessages(id, view.messages)
      place(view.conversation, false)
    } catch (err) {
      if (ticket.current()) {
        openError.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        opening.value = false
      }
    }
  }

  /**
   * jumpToLongestWaiting opens the conversation whose buyer has waited
   * longest for a reply (一键跳转等待最久的会话, CV-1), among those of the
   * list's scope: the agent's own, or everyone's with the queue. It returns
   * that conversation, or null when nobody is waiting; other failures reject
   * with an AppError.
   */
  async function jumpToLongestWaiting(): Promise<Conversation | null> {
    await agents.ensureLoaded()
    let c: Conversation
    try {
      c = await chat.longestWaiting(scope.value.agentId, [...shopIds.value])
    } catch (err) {
      const e = toAppError(err)
      if (e.key === noneWaitingKey) {
        return null
      }
      throw e
    }
    await open(c.id, c)
    return c
  }

  /**
   * openNextUnreplied opens the next conversation of the list, after the open
   * one, that waits for a reply (CV-8); past the rows loaded, the one waiting
   * longest. It returns it, or null when no other is waiting.
   */
  async function openNextUnreplied(): Promise<Conversation | null> {
    const before = activeId.value
    const rows = items.value
    const at = rows.findIndex((c) => c.id === activeId.value)
    for (let k = 1; k <= rows.length; k++) {
      const c = rows[(at + k + rows.length) % rows.length]
      if (c !== undefined && c.id !== activeId.value && c.unreplied && c.state !== 'closed') {
        await open(c.id)
        return c
      }
    }
    const longest = await jumpToLongestWaiting()
    return longest === null || longest.id === before ? null : longest
  }

  /** transfer hands a conversation to an agent, or back to the queue with 0; it rejects with an AppError. */
  async function transfer(conversationId: number, agentId: number): Promise<Conversation> {
    const c = await chat.transfer(conversationId, agentId)
    place(c, false)
    scheduleCounts()
    return c
  }

  /** close closes a conversation by hand; it rejects with an AppError. */
  async function close(conversationId: number): Promise<Conversation> {
    const c = await chat.close(conversationId)
    place(c, false)
    scheduleCounts()
    return c
  }

  /**
   * markRead tells the backend the agent has seen a conversation (Open marks
   * it read) and fills in any message the window missed.
   */
  async function markRead(id: number): Promise<void> {
    try {
      const view = await chat.open(id)
      decisions.add(view.decisions)
      ratings.add(view.ratings)
      addMessages(id, view.messages)
      place(view.conversation, false)
    } catch {
      // The conversation stays unread on the backend until it is opened again.
    }
  }

  /**
   * receive handles the conversation:message event: the conversation moves to
   * the top of the list and its thread gets the message; a buyer message in
   * the open conversation is marked read and refreshes the recommendations.
   */
  function receive(event: ConversationMessageEvent): void {
    if (held !== null) {
      held.push(() => receive(event))
      return
    }
    const { conversation, message } = event
    place(conversation, true)
    addMessages(conversation.id, [message])
    scheduleCounts()
    if (conversation.id === activeId.value && message.sender === 'buyer') {
      void markRead(conversation.id)
      void assist.load(conversation.id)
    }
  }

  /** update handles the conversation:updated event. */
  function update(conversation: Conversation): void {
    if (held !== null) {
      held.push(() => update(conversation))
      return
    }
    place(conversation, false)
    scheduleCounts()
  }

  /** buyerFlagged shows a buyer's follow-up flag on the buyer's conversations in the list (CV-4). */
  function buyerFlagged(buyerId: number, followUp: boolean): void {
    if (items.value.some((c) => c.buyerId === buyerId && c.followUp !== followUp)) {
      items.value = items.value.map((c) => (c.buyerId === buyerId ? { ...c, followUp } : c))
    }
  }

  function setDraft(id: number, next: Draft): void {
    if (next.text === '' && next.entryId === 0) {
      delete drafts.value[id]
    } else {
      drafts.value[id] = next
    }
  }

  /**
   * editDraft changes the open conversation's reply text. The KB entry it came
   * from is kept through edits and forgotten once the box is cleared.
   */
  function editDraft(text: string): void {
    if (activeId.value === null) {
      return
    }
    const d = draft.value
    setDraft(
      activeId.value,
      text.trim() === '' ? { text, entryId: 0 } : { ...d, text },
    )
  }

  /** applySuggestion puts a recommended answer in the reply box for editing (AS-3). */
  function applySuggestion(s: Suggestion): void {
    if (activeId.value === null || readOnly.value) {
      return
    }
    setDraft(activeId.value, { text: s.answer, entryId: s.entryId, fromEntryId: s.entryId, suggested: s.answer })
    focusRequests.value++
  }

  /**
   * applyText puts a text in the reply box for editing: a scenario's script
   * or an LLM draft (entryId the KB entry it was written from, 0 for none).
   * The edit applies to that reply only.
   */
  function applyText(text: string, entryId = 0): void {
    if (activeId.value === null || readOnly.value) {
      return
    }
    setDraft(activeId.value, { text, entryId })
    focusRequests.value++
  }

  /** detachEntry keeps the reply text but sends it as free text. */
  function detachEntry(): void {
    if (activeId.value !== null) {
      setDraft(activeId.value, { ...draft.value, entryId: 0 })
    }
  }

  /**
   * send sends a reply and shows it in the open conversation. It rejects with
   * an AppError when the backend refuses it (empty, too long…).
   */
  async function send(req: SendRequest): Promise<Message> {
    sending.value = true
    try {
      const m = await chat.send(req)
      addMessages(m.conversationId, [m])
      assist.clearKB()
      return m
    } finally {
      sending.value = false
    }
  }

  /**
   * sendCard sends a card to the open conversation's buyer: an order,
   * logistics or address card of one of the buyer's orders, or a coupon card
   * (orderId ''). It rejects with an AppError when the backend refuses it.
   */
  async function sendCard(kind: CardKind, orderId = ''): Promise<Message | undefined> {
    const id = activeId.value
    if (id === null || readOnly.value) {
      return undefined
    }
    sending.value = true
    try {
      const m = await chat.sendCard(id, kind, orderId)
      addMessages(m.conversationId, [m])
      return m
    } finally {
      sending.value = false
    }
  }

  /**
   * sendDraft sends the open conversation's draft, trimmed, with the KB entry
   * it came from. Once sent the box is emptied, unless the agent has typed on
   * meanwhile; on failure the draft stays as it was. A blank draft is not sent.
   */
  async function sendDraft(): Promise<void> {
    const id = activeId.value
    const sent = draft.value
    if (id === null || sent.text.trim() === '') {
      return
    }
    const text = sent.text.trim()
    const from = sent.fromEntryId ?? 0
    await send({
      conversationId: id,
      text,
      entryId: sent.entryId,
      fromEntryId: from,
      edited: from !== 0 && text !== (sent.suggested ?? '').trim(),
    })
    if (drafts.value[id] === sent) {
      setDraft(id, emptyDraft)
    }
  }

  /**
   * sendSuggestion sends a recommended answer as it is (AS-3); one with a
   * variable still to fill in goes to the reply box instead (KB-2).
   */
  function sendSuggestion(s: Suggestion): Promise<Message | undefined> {
    const id = activeId.value
    if (id === null || readOnly.value) {
      return Promise.resolve(undefined)
    }
    if (s.missing.length > 0) {
      applySuggestion(s)
      return Promise.resolve(undefined)
    }
    return send({ conversationId: id, text: s.answer, entryId: s.entryId, fromEntryId: s.entryId, edited: false })
  }

  return {
    list,
    mine,
    shopIds,
    query,
    appliedQuery,
    items,
    total,
    counts,
    hasMore,
    loading,
    loaded,
    loadError,
    loadingMore,
    moreError,
    activeId,
    active,
    readOnly,
    messages,
    opening,
    openError,
    unreadTotal,
    sending,
    draft,
    focusRequests,
    load,
    loadMore,
    showList,
    buyerFlagged,
    showMine,
    search,
    open,
    jumpToLongestWaiting,
    openNextUnreplied,
    transfer,
    close,
    receive,
    update,
    editDraft,
    applySuggestion,
    applyText,
    detachEntry,
    send,
    sendDraft,
    sendSuggestion,
    sendCard,
  }
})
