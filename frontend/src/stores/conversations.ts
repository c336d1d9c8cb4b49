import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as chat from '../api/chat'
import { toAppError } from '../api/errors'
import type { AppError, Conversation, ConversationMessageEvent, Message, SendRequest, Suggestion } from '../api/types'
import { useAssistStore } from './assist'

/** A reply being written. entryId is the KB entry its text came from, 0 for free text. */
export interface Draft {
  text: string
  entryId: number
}

const emptyDraft: Readonly<Draft> = Object.freeze({ text: '', entryId: 0 })

/**
 * The conversations store holds the conversation list, the messages of the
 * conversations seen so far, which one is open, and the agent's reply drafts
 * (one per conversation).
 */
export const useConversationsStore = defineStore('conversations', () => {
  const assist = useAssistStore()

  // The list, newest activity first.
  const items = ref<Conversation[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const loadError = ref<AppError | null>(null)
  // Events that arrive while the list loads are replayed over the loaded list.
  let held: (() => void)[] | null = null

  // Messages by conversation, oldest first: those loaded when a conversation
  // was opened and those pushed since. An opened conversation shows what is
  // known at once, and what the backend answers is merged in.
  const threads = ref<Record<number, Message[]>>({})

  // The open conversation.
  const activeId = ref<number | null>(null)
  const opening = ref(false)
  const openError = ref<AppError | null>(null)
  let openSeq = 0

  const sending = ref(false)
  const drafts = ref<Record<number, Draft>>({})
  /** Incremented when the reply box should take the focus. */
  const focusRequests = ref(0)

  const active = computed(() => items.value.find((c) => c.id === activeId.value) ?? null)
  const messages = computed<Message[]>(() => (activeId.value === null ? undefined : threads.value[activeId.value]) ?? [])
  const unreadTotal = computed(() => items.value.reduce((n, c) => n + c.unread, 0))
  const draft = computed<Readonly<Draft>>(() => (activeId.value === null ? undefined : drafts.value[activeId.value]) ?? emptyDraft)

  /** load fetches the conversation list; while a load is under way, it does nothing. */
  async function load(): Promise<void> {
    if (held !== null) {
      return
    }
    loading.value = true
    loadError.value = null
    held = []
    try {
      items.value = (await chat.conversations()).map(readIfOpen)
      loaded.value = true
    } catch (err) {
      loadError.value = toAppError(err)
    } finally {
      loading.value = false
      const replay = held ?? []
      held = null
      replay.forEach((handle) => handle())
    }
  }

  /** The open conversation is being read: it has nothing unread to show. */
  function readIfOpen(c: Conversation): Conversation {
    return c.id === activeId.value && c.unread > 0 ? { ...c, unread: 0 } : c
  }

  /** upsert puts a conversation in the list: at the top, or where it was. */
  function upsert(c: Conversation, toTop: boolean): void {
    const next = readIfOpen(c)
    const i = items.value.findIndex((x) => x.id === c.id)
    if (i >= 0 && !toTop) {
      items.value[i] = next
      return
    }
    if (i >= 0) {
      items.value.splice(i, 1)
    }
    items.value.unshift(next)
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
   * recommendations are fetched, and the backend marks it read.
   */
  async function open(id: number): Promise<void> {
    if (id === activeId.value && openError.value === null) {
      return
    }
    const seq = ++openSeq
    activeId.value = id
    openError.value = null
    opening.value = true
    // The list shows it read at once; the backend's answer confirms it.
    const listed = items.value.find((c) => c.id === id)
    if (listed !== undefined) {
      upsert(listed, false)
    }
    void assist.load(id)
    try {
      const view = await chat.open(id)
      addMessages(id, view.messages)
      upsert(view.conversation, false)
    } catch (err) {
      if (seq === openSeq) {
        openError.value = toAppError(err)
      }
    } finally {
      if (seq === openSeq) {
        opening.value = false
      }
    }
  }

  /**
   * markRead tells the backend the agent has seen a conversation (Open marks
   * it read) and fills in any message the window missed.
   */
  async function markRead(id: number): Promise<void> {
    try {
      const view = await chat.open(id)
      addMessages(id, view.messages)
      upsert(view.conversation, false)
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
    upsert(conversation, true)
    addMessages(conversation.id, [message])
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
    upsert(conversation, false)
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
    setDraft(activeId.value, { text, entryId: text.trim() === '' ? 0 : draft.value.entryId })
  }

  /** applySuggestion puts a recommended answer in the reply box for editing (AS-3). */
  function applySuggestion(s: Suggestion): void {
    if (activeId.value === null) {
      return
    }
    setDraft(activeId.value, { text: s.answer, entryId: s.entryId })
    focusRequests.value++
  }

  /** detachEntry keeps the reply text but sends it as free text. */
  function detachEntry(): void {
    if (activeId.value !== null) {
      setDraft(activeId.value, { text: draft.value.text, entryId: 0 })
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
    await send({ conversationId: id, text: sent.text.trim(), entryId: sent.entryId })
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
    if (id === null) {
      return Promise.resolve(undefined)
    }
    if (s.missing.length > 0) {
      applySuggestion(s)
      return Promise.resolve(undefined)
    }
    return send({ conversationId: id, text: s.answer, entryId: s.entryId })
  }

  return {
    items,
    loading,
    loaded,
    loadError,
    activeId,
    active,
    messages,
    opening,
    openError,
    unreadTotal,
    sending,
    draft,
    focusRequests,
    load,
    open,
    receive,
    update,
    editDraft,
    applySuggestion,
    detachEntry,
    sendDraft,
    sendSuggestion,
  }
})
