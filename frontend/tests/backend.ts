// A fake backend behind the mocked api modules. A spec that uses it must
// mock the modules itself, at its top:
//
//   vi.mock('../src/api/app')
//   vi.mock('../src/api/chat')
//   vi.mock('../src/api/events')
import { vi } from 'vitest'

import * as appApi from '../src/api/app'
import * as chat from '../src/api/chat'
import * as events from '../src/api/events'
import type { Assist, Conversation, ConversationMessageEvent } from '../src/api/types'
import { assist, view } from './fixtures'

/** The handlers the window registered for pushed events, and how many are still listening. */
export interface Pushes {
  message: (e: ConversationMessageEvent) => void
  updated: (c: Conversation) => void
  /** assistUpdated pushes the LLM's order of an assist (assist:updated). */
  assistUpdated: (a: Assist) => void
  listening: () => number
}

/**
 * fakeBackend makes every api call answer plausibly: the given conversations,
 * each opening with no messages and no recommendation. Tests override single
 * calls with vi.mocked(chat.x).mockResolvedValue… It returns the event
 * handlers, to push events as the Go side would.
 */
export function fakeBackend(conversations: Conversation[] = []): Pushes {
  vi.mocked(appApi.info).mockResolvedValue({ version: 'test', dataDir: '/tmp/replydesk', simulatorUrl: 'http://127.0.0.1:8765/' })
  vi.mocked(appApi.openSimulator).mockResolvedValue()
  vi.mocked(chat.shops).mockResolvedValue([{ id: 1, name: '小蓝鲸旗舰店', platform: 'sim', locale: 'zh-CN' }])
  vi.mocked(chat.conversations).mockResolvedValue(conversations)
  vi.mocked(chat.open).mockImplementation(async (id) => {
    const c = conversations.find((x) => x.id === id)
    if (c === undefined) {
      throw { kind: 'not_found', key: 'error.not_found', message: 'not found' }
    }
    return view({ ...c, unread: 0 })
  })
  vi.mocked(chat.assist).mockImplementation(async (id) => assist({ conversationId: id }))
  vi.mocked(chat.searchKB).mockResolvedValue([])
  vi.mocked(chat.send).mockRejectedValue(new Error('send not expected in this test'))

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
  vi.mocked(events.onConversationMessage).mockImplementation(subscribe((h) => (pushes.message = h)))
  vi.mocked(events.onConversationUpdated).mockImplementation(subscribe((h) => (pushes.updated = h)))
  vi.mocked(events.onAssistUpdated).mockImplementation(subscribe((h) => (pushes.assistUpdated = h)))

  return {
    message: (e) => pushes.message?.(e),
    updated: (c) => pushes.updated?.(c),
    assistUpdated: (a) => pushes.assistUpdated?.(a),
    listening: () => listening,
  }
}
