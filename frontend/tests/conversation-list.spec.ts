import { defineComponent, h } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as appApi from '../src/api/app'
import * as chat from '../src/api/chat'
import ConversationList from '../src/components/conversations/ConversationList.vue'
import { useDeskEvents } from '../src/composables/useDeskEvents'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { conversation, message } from './fixtures'
import { render, settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/events')

/** The list as the desk shows it: fed by the pushed events while mounted. */
const LiveList = defineComponent({
  setup() {
    useDeskEvents()
    return () => h(ConversationList)
  },
})

async function showList() {
  const { wrapper } = render(LiveList)
  await useConversationsStore().load()
  await settle()
  const rows = () => wrapper.findAll('[data-testid="conversation-item"]')
  const buyers = () => rows().map((r) => r.get('.conv__buyer').text())
  return { wrapper, rows, buyers }
}

describe('conversation list', () => {
  beforeEach(() => {
    fakeBackend()
  })

  it('shows how to start when there is no conversation', async () => {
    const { wrapper } = await showList()
    const empty = wrapper.get('[data-testid="conversations-empty"]')
    expect(empty.text()).toContain('还没有会话')
    expect(empty.text()).toContain('打开买家模拟器')
    await empty.get('button').trigger('click')
    expect(appApi.openSimulator).toHaveBeenCalledOnce()
  })

  it('marks conversations with unread buyer messages', async () => {
    fakeBackend([
      conversation({ id: 1, buyerName: '甲', unread: 2, lastText: '在吗？' }),
      conversation({ id: 2, buyerName: '乙', unread: 0 }),
      conversation({ id: 3, buyerName: '丙', unread: 120 }),
    ])
    const { rows } = await showList()
    const badges = rows().map((r) => r.find('[data-testid="unread-badge"]'))
    expect(badges.map((b) => b.exists())).toEqual([true, false, true])
    expect(badges[0]?.text()).toBe('2')
    expect(badges[2]?.text()).toBe('99+')
    expect(rows()[0]?.text()).toContain('在吗？')
    expect(rows()[0]?.text()).toContain('小蓝鲸旗舰店')
  })

  it('moves a conversation to the top when a message is pushed', async () => {
    const pushes = fakeBackend([
      conversation({ id: 1, buyerName: '甲' }),
      conversation({ id: 2, buyerName: '乙' }),
    ])
    const { rows, buyers } = await showList()
    expect(buyers()).toEqual(['甲', '乙'])

    pushes.message({
      conversation: conversation({ id: 2, buyerName: '乙', unread: 1, lastText: '发货了吗' }),
      message: message({ id: 50, conversationId: 2, text: '发货了吗' }),
    })
    await settle()
    expect(buyers()).toEqual(['乙', '甲'])
    expect(rows()[0]?.text()).toContain('发货了吗')
    expect(rows()[0]?.find('[data-testid="unread-badge"]').exists()).toBe(true)

    pushes.message({
      conversation: conversation({ id: 3, buyerName: '丙', unread: 1 }),
      message: message({ id: 51, conversationId: 3 }),
    })
    await settle()
    expect(buyers()).toEqual(['丙', '乙', '甲'])
  })

  it('updates a conversation in place on conversation:updated', async () => {
    const pushes = fakeBackend([
      conversation({ id: 1, buyerName: '甲' }),
      conversation({ id: 2, buyerName: '乙', unread: 3 }),
    ])
    const { rows, buyers } = await showList()
    pushes.updated(conversation({ id: 2, buyerName: '乙', unread: 0 }))
    await settle()
    expect(buyers()).toEqual(['甲', '乙'])
    expect(rows()[1]?.find('[data-testid="unread-badge"]').exists()).toBe(false)
  })

  it('opens the clicked conversation and highlights it', async () => {
    fakeBackend([conversation({ id: 1, buyerName: '甲' }), conversation({ id: 2, buyerName: '乙', unread: 4 })])
    const { rows } = await showList()
    await rows()[1]?.trigger('click')
    await settle()
    expect(chat.open).toHaveBeenCalledWith(2)
    expect(rows().map((r) => r.attributes('aria-current'))).toEqual([undefined, 'true'])
    expect(rows()[1]?.find('[data-testid="unread-badge"]').exists()).toBe(false)
  })

  it('switches conversations with Alt+↑ and Alt+↓', async () => {
    fakeBackend([conversation({ id: 1 }), conversation({ id: 2 }), conversation({ id: 3 })])
    await showList()
    const store = useConversationsStore()
    const press = async (key: string, init: KeyboardEventInit = { altKey: true }) => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, ...init }))
      await settle()
      return store.activeId
    }
    expect(await press('ArrowDown')).toBe(1)
    expect(await press('ArrowDown')).toBe(2)
    expect(await press('ArrowDown')).toBe(3)
    expect(await press('ArrowDown')).toBe(3)
    expect(await press('ArrowUp')).toBe(2)
    expect(await press('ArrowUp', {})).toBe(2)
  })

  it('releases its event listeners when unmounted', async () => {
    const pushes = fakeBackend()
    const { wrapper } = await showList()
    expect(pushes.listening()).toBe(2)
    wrapper.unmount()
    expect(pushes.listening()).toBe(0)
  })
})
