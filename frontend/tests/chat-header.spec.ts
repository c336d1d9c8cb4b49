import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import ChatView from '../src/components/chat/ChatView.vue'
import AssistPanel from '../src/components/assist/AssistPanel.vue'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { agent, assist, conversation, message, suggestion, view } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')

const staff = () => [agent({ active: 1 }), agent({ id: 2, name: '阿强', status: 'online', active: 2 }), agent({ id: 3, name: '小李', status: 'offline' })]

/** openChat renders the chat view with conversation 7 open. */
async function openChat(c = conversation({ id: 7, buyerName: '小王' })) {
  const pushes = fakeBackend([c], staff())
  vi.mocked(chat.open).mockImplementation(async () => view(pushes.db[0]!, [message({ id: 1, conversationId: 7, text: '在吗' })]))
  const { wrapper } = render(ChatView, AssistPanel)
  const store = useConversationsStore()
  await store.load()
  await store.open(7)
  await settle()
  const click = async (el: Element | null | undefined) => {
    ;(el as HTMLElement).click()
    await settle()
  }
  return { wrapper, store, pushes, click }
}

describe('CV-2 the chat header: who serves it, transfer, close', () => {
  beforeEach(() => {
    fakeBackend()
  })

  it('says who serves the conversation', async () => {
    const { wrapper } = await openChat()
    expect(wrapper.get('[data-testid="chat-state"]').attributes('data-state')).toBe('active')
    expect(wrapper.get('[data-testid="chat-agent"]').text()).toBe('由我接待')
  })

  it('says a queued conversation becomes the agent’s on reply', async () => {
    const { wrapper } = await openChat(conversation({ id: 7, state: 'queued', priority: true }))
    expect(wrapper.get('[data-testid="chat-state"]').text()).toBe('排队中')
    expect(wrapper.get('[data-testid="chat-state"] .n-tag').attributes('title')).toContain('回复即由你接待')
    expect(wrapper.find('[data-testid="reply-input"]').exists()).toBe(true)
  })

  it('transfers to another agent, and back to the queue', async () => {
    const { wrapper, click } = await openChat()
    await wrapper.get('[data-testid="transfer"]').trigger('click')
    await settle()
    const options = () => [...document.querySelectorAll<HTMLButtonElement>('[data-testid="transfer-option"]')]
    expect(options().map((o) => o.dataset.agentId)).toEqual(['1', '2', '3', '0'])
    expect(options().map((o) => o.disabled)).toEqual([true, false, false, false]) // it is already mine
    expect(options()[1]?.textContent).toContain('2/5')

    await click(options()[1])
    expect(chat.transfer).toHaveBeenCalledExactlyOnceWith(7, 2)
    expect(wrapper.get('[data-testid="chat-agent"]').text()).toBe('接待：阿强')
    expect(toasts()).toContain('已转接给 阿强')

    await wrapper.get('[data-testid="transfer"]').trigger('click')
    await settle()
    await click(options().find((o) => o.dataset.agentId === '0'))
    expect(chat.transfer).toHaveBeenLastCalledWith(7, 0)
    expect(wrapper.get('[data-testid="chat-state"]').attributes('data-state')).toBe('queued')
    expect(toasts()).toContain('已退回排队')
  })

  it('says why a transfer was refused', async () => {
    const { wrapper, click } = await openChat()
    vi.mocked(chat.transfer).mockRejectedValue({ kind: 'conflict', key: 'error.conversation_closed', message: 'closed' })
    await wrapper.get('[data-testid="transfer"]').trigger('click')
    await settle()
    await click(document.querySelector('[data-testid="transfer-option"][data-agent-id="3"]'))
    expect(toasts()).toContain('转接失败：会话已结束，无法进行此操作')
    expect(wrapper.get('[data-testid="chat-agent"]').text()).toBe('由我接待')
  })

  it('closes the conversation after a confirmation; it is then read-only', async () => {
    const { wrapper, click, store } = await openChat()
    vi.mocked(chat.assist).mockResolvedValue(assist({ conversationId: 7, suggestions: [suggestion()] }))
    await wrapper.get('[data-testid="close-conversation"]').trigger('click')
    await settle()
    expect(document.body.textContent).toContain('结束与 小王 的会话？')
    expect(chat.close).not.toHaveBeenCalled()
    await click(document.querySelector('[data-testid="close-confirm"]'))
    expect(chat.close).toHaveBeenCalledExactlyOnceWith(7)
    expect(toasts()).toContain('会话已结束')
    expect(store.active?.state).toBe('closed')
    expect(wrapper.get('[data-testid="chat-state"]').text()).toBe('已结束')
    expect(wrapper.find('[data-testid="reply-input"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="conversation-closed-note"]').text()).toContain('会话已由客服结束')
    expect(wrapper.find('[data-testid="transfer"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="close-conversation"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="message"]').map((m) => m.text())).toEqual(['在吗'])
  })

  it('shows a conversation closed by the buyer’s silence read-only, suggestions included', async () => {
    const { wrapper, store } = await openChat(conversation({ id: 7, state: 'closed', closeReason: 'idle', closedAt: new Date().toISOString() }))
    expect(wrapper.get('[data-testid="conversation-closed-note"]').text()).toContain('买家 24 小时未发消息')
    expect(wrapper.find('[data-testid="reply-input"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="assist-readonly"]').text()).toContain('会话已结束')
    await store.sendSuggestion(suggestion())
    store.applySuggestion(suggestion())
    await settle()
    expect(chat.send).not.toHaveBeenCalled()
    expect(store.draft.text).toBe('')
  })
})
