import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import type { ConversationView } from '../src/api/types'
import { useAssistStore } from '../src/stores/assist'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend, fakeList } from './backend'
import { assist, conversation, message, suggestion, view } from './fixtures'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')

describe('conversations store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('marks the open conversation read and refreshes assist when its buyer writes', async () => {
    fakeBackend([conversation({ id: 1 }), conversation({ id: 2 })])
    const store = useConversationsStore()
    await store.load()
    await store.open(1)
    expect(chat.open).toHaveBeenCalledTimes(1)
    expect(chat.assist).toHaveBeenCalledTimes(1)

    store.receive({
      conversation: conversation({ id: 1, unread: 1, lastText: '还在吗' }),
      message: message({ id: 7, conversationId: 1, text: '还在吗' }),
    })
    expect(store.items[0]?.unread).toBe(0) // shown read at once
    expect(store.messages.map((m) => m.text)).toEqual(['还在吗'])
    await vi.waitFor(() => expect(chat.open).toHaveBeenCalledTimes(2))
    expect(chat.open).toHaveBeenLastCalledWith(1)
    expect(chat.assist).toHaveBeenCalledTimes(2)
  })

  it('neither marks read nor refreshes assist for our own messages or other conversations', async () => {
    fakeBackend([conversation({ id: 1 }), conversation({ id: 2 })])
    const store = useConversationsStore()
    await store.load()
    await store.open(1)
    store.receive({ conversation: conversation({ id: 1 }), message: message({ id: 8, conversationId: 1, sender: 'agent' }) })
    store.receive({ conversation: conversation({ id: 2, unread: 1 }), message: message({ id: 9, conversationId: 2 }) })
    expect(chat.open).toHaveBeenCalledTimes(1)
    expect(chat.assist).toHaveBeenCalledTimes(1)
    expect(store.messages.map((m) => m.id)).toEqual([8])
    expect(store.items.map((c) => [c.id, c.unread])).toEqual([
      [2, 1],
      [1, 0],
    ])
  })

  it('shows a sent reply once, though the backend also pushes it', async () => {
    fakeBackend([conversation({ id: 1 })])
    const store = useConversationsStore()
    await store.load()
    await store.open(1)
    const sent = message({ id: 5, conversationId: 1, sender: 'agent', text: '好的' })
    vi.mocked(chat.send).mockResolvedValue(sent)
    await store.sendSuggestion(suggestion({ answer: '好的' }))
    store.receive({ conversation: conversation({ id: 1 }), message: sent })
    expect(store.messages).toEqual([sent])
  })

  it('replays events pushed while the list loads', async () => {
    const pushes = fakeBackend([conversation({ id: 1 }), conversation({ id: 2 })])
    let answer: () => void = () => {}
    const asked = new Promise<void>((resolve) => (answer = resolve))
    vi.mocked(chat.list).mockImplementation(async (f) => {
      await asked
      return fakeList(pushes.db, f)
    })
    const store = useConversationsStore()
    const loading = store.load()
    store.receive({ conversation: conversation({ id: 3, unread: 1 }), message: message({ id: 1, conversationId: 3 }) })
    answer()
    await loading
    expect(store.items.map((c) => c.id)).toEqual([3, 1, 2])
  })

  it('drops the answer for a conversation the agent has already left', async () => {
    fakeBackend([conversation({ id: 1 }), conversation({ id: 2 })])
    const answers = new Map<number, (v: ConversationView) => void>()
    vi.mocked(chat.open).mockImplementation((id) => new Promise((resolve) => answers.set(id, resolve)))
    const store = useConversationsStore()
    await store.load()
    const first = store.open(1)
    const second = store.open(2)
    answers.get(2)?.(view(conversation({ id: 2 }), [message({ id: 20, conversationId: 2 })]))
    await second
    answers.get(1)?.(view(conversation({ id: 1 }), [message({ id: 10, conversationId: 1 })]))
    await first
    expect(store.activeId).toBe(2)
    expect(store.messages.map((m) => m.id)).toEqual([20])
    expect(store.opening).toBe(false)
  })

  it('shows the messages it already has while a conversation opens', async () => {
    fakeBackend([conversation({ id: 1 })])
    const store = useConversationsStore()
    await store.load()
    store.receive({ conversation: conversation({ id: 5, unread: 1 }), message: message({ id: 40, conversationId: 5 }) })

    let answer: (v: ConversationView) => void = () => {}
    vi.mocked(chat.open).mockReturnValue(new Promise((resolve) => (answer = resolve)))
    const opening = store.open(5)
    expect(store.messages.map((m) => m.id)).toEqual([40])
    expect(store.opening).toBe(true)

    answer(view(conversation({ id: 5 }), [message({ id: 39, conversationId: 5 }), message({ id: 40, conversationId: 5 })]))
    await opening
    expect(store.messages.map((m) => m.id)).toEqual([39, 40])
    expect(store.opening).toBe(false)
  })

  it('keeps one draft per conversation', async () => {
    fakeBackend([conversation({ id: 1 }), conversation({ id: 2 })])
    const store = useConversationsStore()
    await store.load()
    await store.open(1)
    store.applySuggestion(suggestion({ entryId: 4, answer: '稍等' }))
    await store.open(2)
    expect(store.draft).toEqual({ text: '', entryId: 0 })
    store.editDraft('第二个')
    await store.open(1)
    expect(store.draft).toEqual({ text: '稍等', entryId: 4, fromEntryId: 4, suggested: '稍等' })
  })

  it('keeps the open conversation in a list it left until the agent moves on', async () => {
    fakeBackend([conversation({ id: 1, unread: 2 }), conversation({ id: 2, unread: 1 })])
    const store = useConversationsStore()
    store.showList('unread')
    await store.load()
    expect(store.items.map((c) => c.id)).toEqual([1, 2])
    await store.open(1) // read now, but still on screen while the agent reads it
    expect(store.items.map((c) => [c.id, c.unread])).toEqual([
      [1, 0],
      [2, 1],
    ])
    await store.open(2)
    expect(store.items.map((c) => c.id)).toEqual([2])
  })

  it('places a conversation pushed into the queue in queue order', async () => {
    const at = (min: number) => new Date(2026, 10, 21, 9, min).toISOString()
    fakeBackend([
      conversation({ id: 1, state: 'queued', priority: true, queuedAt: at(5) }),
      conversation({ id: 2, state: 'queued', queuedAt: at(1) }),
      conversation({ id: 3, state: 'queued', queuedAt: at(3) }),
    ])
    const store = useConversationsStore()
    store.showList('queued')
    await store.load()
    store.update(conversation({ id: 4, state: 'queued', queuedAt: at(2) }))
    store.update(conversation({ id: 5, state: 'queued', priority: true, queuedAt: at(9) }))
    store.receive({ conversation: conversation({ id: 6, state: 'queued', queuedAt: at(0) }), message: message({ id: 1, conversationId: 6 }) })
    expect(store.items.map((c) => c.id)).toEqual([1, 5, 6, 2, 4, 3])
    // Taken by an agent: it leaves the queue.
    store.update(conversation({ id: 2, state: 'active' }))
    expect(store.items.map((c) => c.id)).toEqual([1, 5, 6, 4, 3])
  })

  it('does not send a blank draft', async () => {
    fakeBackend([conversation({ id: 1 })])
    const store = useConversationsStore()
    await store.load()
    await store.open(1)
    store.editDraft('  \n ')
    await store.sendDraft()
    expect(chat.send).not.toHaveBeenCalled()
  })
})

describe('assist store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('keeps only the answer for the latest conversation asked about', async () => {
    fakeBackend()
    const answers = new Map<number, (v: Awaited<ReturnType<typeof chat.assist>>) => void>()
    vi.mocked(chat.assist).mockImplementation((id) => new Promise((resolve) => answers.set(id, resolve)))
    const store = useAssistStore()
    const first = store.load(1)
    const second = store.load(2)
    answers.get(2)?.(assist({ conversationId: 2, messageId: 0, query: '', intent: 'invoice' }))
    answers.get(1)?.(assist({ conversationId: 1, messageId: 0, query: '', intent: 'greeting' }))
    await Promise.all([first, second])
    expect(store.assist?.intent).toBe('invoice')
    expect(store.loading).toBe(false)
  })

  it('keeps the error of a failed recommendation', async () => {
    fakeBackend()
    vi.mocked(chat.assist).mockRejectedValue({ kind: 'not_found', key: 'error.not_found', message: 'no such conversation' })
    const store = useAssistStore()
    await store.load(9)
    expect(store.error).toEqual({ kind: 'not_found', key: 'error.not_found', message: 'no such conversation' })
  })
})
