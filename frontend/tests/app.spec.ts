import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import App from '../src/App.vue'
import { fakeBackend, type Pushes } from './backend'
import { assist, conversation, message, suggestion, view } from './fixtures'
import { render, settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')

describe('app', () => {
  let pushes: Pushes

  beforeEach(() => {
    const c = conversation({ id: 1, buyerName: '小王', unread: 1 })
    pushes = fakeBackend([c])
    vi.mocked(chat.open).mockResolvedValue(view({ ...c, unread: 0 }, [message({ id: 1, conversationId: 1, text: '在吗' })]))
  })

  it('wires the three panes together', async () => {
    const { wrapper } = render(App)
    await settle()
    // The desk's batches (messages, conversation updates, agents, decisions), buyers' notes (for the
    // list and the buyer panel), the LLM's order of the suggestions, the desk's other windows, and the
    // feedback loop's changes, jobs and replay offers.
    expect(pushes.listening()).toBe(8)
    await wrapper.get('[data-testid="conversation-item"]').trigger('click')
    await settle()
    expect(wrapper.findAll('[data-testid="message"]').map((m) => m.text())).toEqual(['在吗'])
    expect(wrapper.get('[data-testid="assist-intent"]').text()).toBe('未识别')

    // The buyer writes again: the chat shows it and the assist panel follows.
    vi.mocked(chat.assist).mockResolvedValue(
      assist({ conversationId: 1, intent: 'invoice', suggestions: [suggestion({ entryId: 8, answer: '可以开发票' })] }),
    )
    pushes.message({
      conversation: conversation({ id: 1, buyerName: '小王', unread: 1, lastText: '能开发票吗' }),
      message: message({ id: 2, conversationId: 1, text: '能开发票吗' }),
    })
    await settle()
    expect(wrapper.findAll('[data-testid="message"]').map((m) => m.text())).toEqual(['在吗', '能开发票吗'])
    expect(wrapper.get('[data-testid="assist-intent"]').text()).toBe('发票')
    expect(wrapper.get('[data-testid="suggestion-text"]').text()).toBe('可以开发票')
    expect(wrapper.find('[data-testid="unread-badge"]').exists()).toBe(false)

    wrapper.unmount()
    expect(pushes.listening()).toBe(0)
  })
})
