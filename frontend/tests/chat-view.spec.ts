import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import ChatView from '../src/components/chat/ChatView.vue'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { conversation, message, view } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')

const xss = '<img src=x onerror=alert(1)>'

/** openChat renders the chat view with conversation 7 open. */
async function openChat() {
  const c = conversation({ id: 7, buyerName: '小王' })
  fakeBackend([c])
  vi.mocked(chat.open).mockResolvedValue(
    view(c, [
      message({ id: 1, conversationId: 7, sender: 'buyer', text: xss }),
      message({ id: 2, conversationId: 7, sender: 'agent', text: '您好，请问有什么可以帮您？' }),
      message({ id: 3, conversationId: 7, sender: 'system', text: '会话已转接' }),
    ]),
  )
  const { wrapper } = render(ChatView)
  const store = useConversationsStore()
  await store.load()
  await store.open(7)
  await settle()
  const input = wrapper.get<HTMLTextAreaElement>('[data-testid="reply-input"]')
  return { wrapper, store, input }
}

describe('chat view', () => {
  beforeEach(() => {
    fakeBackend()
  })

  it('shows an empty state when no conversation is open', async () => {
    const { wrapper } = render(ChatView)
    await settle()
    expect(wrapper.find('[data-testid="chat-empty"]').text()).toContain('未选择会话')
    expect(wrapper.find('[data-testid="reply-input"]').exists()).toBe(false)
  })

  it('renders buyer text literally, never as HTML', async () => {
    const { wrapper } = await openChat()
    const bubbles = wrapper.findAll('[data-testid="message"]')
    expect(bubbles.map((b) => b.attributes('data-sender'))).toEqual(['buyer', 'agent', 'system'])
    expect(bubbles[0]?.text()).toBe(xss)
    expect(wrapper.find('img').exists()).toBe(false)
    expect(document.querySelector('img')).toBeNull()
  })

  it('shows the buyer and the shop in the header', async () => {
    const { wrapper } = await openChat()
    expect(wrapper.get('[data-testid="chat-buyer"]').text()).toBe('小王')
    expect(wrapper.text()).toContain('小蓝鲸旗舰店')
  })

  describe('CV-8 Enter sends, Shift+Enter breaks the line', () => {
    it('sends the draft on Enter and empties the box', async () => {
      const { wrapper, input } = await openChat()
      vi.mocked(chat.send).mockResolvedValue(message({ id: 9, conversationId: 7, sender: 'agent', text: '好的' }))
      await input.setValue('好的')
      await input.trigger('keydown', { key: 'Enter' })
      await settle()
      expect(chat.send).toHaveBeenCalledExactlyOnceWith({ conversationId: 7, text: '好的', entryId: 0, fromEntryId: 0, edited: false })
      expect(input.element.value).toBe('')
      expect(wrapper.findAll('[data-testid="message"]').at(-1)?.text()).toBe('好的')
    })

    it('does not send on Shift+Enter', async () => {
      const { input } = await openChat()
      await input.setValue('第一行')
      const event = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, cancelable: true })
      input.element.dispatchEvent(event)
      await settle()
      expect(chat.send).not.toHaveBeenCalled()
      expect(event.defaultPrevented).toBe(false) // the textarea inserts the newline
      expect(input.element.value).toBe('第一行')
    })

    it('does not send the Enter that ends an IME composition', async () => {
      const { input } = await openChat()
      await input.setValue('fahuo')
      await input.trigger('keydown', { key: 'Enter', isComposing: true })
      await input.trigger('keydown', { key: 'Enter', keyCode: 229 })
      await settle()
      expect(chat.send).not.toHaveBeenCalled()
    })

    it('sends with the button, which is disabled while the box is blank or a reply is on its way', async () => {
      const { wrapper, input } = await openChat()
      const button = wrapper.get('[data-testid="send-button"]')
      expect(button.attributes('disabled')).toBeDefined()

      let deliver: (m: ReturnType<typeof message>) => void = () => {}
      vi.mocked(chat.send).mockReturnValue(new Promise((resolve) => (deliver = resolve)))
      await input.setValue('在的')
      expect(button.attributes('disabled')).toBeUndefined()
      await button.trigger('click')
      await settle() // the sensitive-word check goes first
      expect(button.attributes('disabled')).toBeDefined()
      await input.trigger('keydown', { key: 'Enter' })
      expect(chat.send).toHaveBeenCalledTimes(1)

      deliver(message({ id: 9, conversationId: 7, sender: 'agent', text: '在的' }))
      await settle()
      expect(button.attributes('disabled')).toBeDefined() // blank again
      expect(input.element.value).toBe('')
    })
  })

  it('shows why a reply was refused and keeps its text', async () => {
    const { input } = await openChat()
    vi.mocked(chat.send).mockRejectedValue({ kind: 'invalid', key: 'error.message_too_long', message: 'too long' })
    await input.setValue('很长的回复')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(toasts()).toContain('消息太长了')
    expect(input.element.value).toBe('很长的回复')
  })

  it('falls back to the English message for an error key it cannot translate', async () => {
    const { input } = await openChat()
    vi.mocked(chat.send).mockRejectedValue({ kind: 'conflict', key: 'error.brand_new', message: 'the buyer left' })
    await input.setValue('在吗')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(toasts()).toContain('the buyer left')
  })
})
