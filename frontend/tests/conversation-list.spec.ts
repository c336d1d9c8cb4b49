import { defineComponent, h } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import * as appApi from '../src/api/app'
import * as chat from '../src/api/chat'
import type { Conversation, ListFilter } from '../src/api/types'
import ConversationList from '../src/components/conversations/ConversationList.vue'
import { useDeskEvents } from '../src/composables/useDeskEvents'
import { useConversationsStore } from '../src/stores/conversations'
import { countsDelay, pageSize, searchDelay } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { agent, conversation, me, message } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
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
    localStorage.clear() // the list shows the agent's own conversations unless told otherwise
    fakeBackend()
  })

  afterEach(() => {
    vi.useRealTimers()
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

  it('CV-4 flags the buyers marked for follow-up, and follows the buyer panel', async () => {
    const pushes = fakeBackend([
      conversation({ id: 1, buyerId: 11, buyerName: '甲', followUp: true }),
      conversation({ id: 2, buyerId: 12, buyerName: '乙' }),
    ])
    const { rows } = await showList()
    const flagged = () => rows().map((r) => r.find('[data-testid="conversation-follow-up"]').exists())
    expect(flagged()).toEqual([true, false])
    expect(rows()[0]?.find('[data-testid="conversation-follow-up"]').text()).toBe('跟进')
    pushes.buyerUpdated({ id: 12, shopId: 1, externalId: 'b12', name: '乙', tags: [], note: '', followUp: true })
    pushes.buyerUpdated({ id: 11, shopId: 1, externalId: 'b11', name: '甲', tags: [], note: '', followUp: false })
    await settle()
    expect(flagged()).toEqual([false, true])
  })

  it('releases its event listeners when unmounted', async () => {
    const pushes = fakeBackend()
    const { wrapper } = await showList()
    expect(pushes.listening()).toBe(3)
    wrapper.unmount()
    expect(pushes.listening()).toBe(0)
  })

  describe('CV-1 lists, counts, paging, search', () => {
    /** The filters List was called with, page requests and count requests apart. */
    const pages = () => vi.mocked(chat.list).mock.calls.map((c) => c[0]).filter((f) => f.limit !== 1)
    const countQueries = () => vi.mocked(chat.list).mock.calls.map((c) => c[0]).filter((f) => f.limit === 1)
    const lastPage = (): ListFilter | undefined => pages().at(-1)

    function counts(wrapper: Awaited<ReturnType<typeof showList>>['wrapper']) {
      return Object.fromEntries(
        wrapper.findAll('[data-testid="list-tab"]').map((tab) => [tab.attributes('data-list'), tab.get('[data-testid="list-count"]').text()]),
      )
    }

    function mixed(): Conversation[] {
      return [
        conversation({ id: 1, buyerName: '甲', unread: 2, unreplied: true, waitingSince: new Date(Date.now() - 5 * 60_000).toISOString() }),
        conversation({ id: 2, buyerName: '乙', agentId: 2, agentName: '阿强' }),
        conversation({ id: 3, buyerName: '丙', state: 'queued', priority: true, unreplied: true }),
        conversation({ id: 4, buyerName: '丁', state: 'closed', closeReason: 'idle' }),
        conversation({ id: 5, buyerName: '戊' }),
      ]
    }

    it('shows the five lists with the counts the backend gives, and switches between them', async () => {
      fakeBackend(mixed(), [agent(), agent({ id: 2, name: '阿强', status: 'online' })])
      const { wrapper, buyers } = await showList()
      expect(wrapper.findAll('[data-testid="list-tab"]').map((t) => t.text())).toEqual([
        '2全部',
        '1未读',
        '1未回复',
        '1排队中',
        '1已结束',
      ])
      expect(counts(wrapper)).toEqual({ all: '2', unread: '1', unreplied: '1', queued: '1', closed: '1' })
      // Mine by default: the agent at the desk and its conversations; the queue is everyone's.
      expect(lastPage()).toEqual({ shopIds: [], list: 'all', agentId: me, query: '', offset: 0, limit: pageSize })
      expect(buyers()).toEqual(['甲', '戊'])

      await wrapper.get('[data-testid="list-tab"][data-list="queued"]').trigger('click')
      await settle()
      expect(lastPage()?.list).toBe('queued')
      expect(buyers()).toEqual(['丙'])
      expect(wrapper.get('[data-testid="list-tab"][data-list="queued"]').attributes('aria-selected')).toBe('true')

      await wrapper.get('[data-testid="list-tab"][data-list="closed"]').trigger('click')
      await settle()
      expect(buyers()).toEqual(['丁'])
      expect(wrapper.get('[data-testid="conversation-item"]').attributes('data-state')).toBe('closed')
      expect(wrapper.find('[data-testid="conversation-closed"]').exists()).toBe(true)

      await wrapper.get('[data-testid="list-tab"][data-list="unread"]').trigger('click')
      await settle()
      expect(buyers()).toEqual(['甲'])
    })

    it('marks unreplied, priority and queued conversations, and names the other agents', async () => {
      fakeBackend(mixed(), [agent(), agent({ id: 2, name: '阿强', status: 'online' })])
      const { wrapper, rows, buyers } = await showList()
      const row = (name: string) => rows()[buyers().indexOf(name)]!
      expect(row('甲').get('[data-testid="conversation-unreplied"]').text()).toBe('待回复 5分钟')
      expect(row('戊').find('[data-testid="conversation-unreplied"]').exists()).toBe(false)
      // My own conversations do not repeat my name.
      expect(row('甲').find('[data-testid="conversation-agent"]').exists()).toBe(false)

      await wrapper.findAll('[data-testid="list-mine-toggle"] input').find((i) => i.attributes('value') === 'all')?.setValue(true)
      await settle()
      expect(lastPage()?.agentId).toBe(0)
      expect(buyers()).toEqual(['甲', '乙', '丙', '戊'])
      expect(row('乙').get('[data-testid="conversation-agent"]').text()).toBe('阿强')
      expect(row('丙').get('[data-testid="conversation-priority"]').text()).toBe('优先')
      expect(row('丙').get('[data-testid="conversation-queued"]').text()).toBe('排队中')
      expect(row('丙').find('[data-testid="conversation-agent"]').exists()).toBe(false)
      expect(counts(wrapper).all).toBe('4')
    })

    it('renders only the rows in sight of thousands, and loads the next page near the end', async () => {
      const many = Array.from({ length: 10_000 }, (_, i) => conversation({ id: i + 1, buyerName: `买家${i + 1}` }))
      fakeBackend(many)
      const { wrapper, rows } = await showList()
      expect(pages()).toHaveLength(1)
      expect(lastPage()).toMatchObject({ offset: 0, limit: pageSize })
      expect(wrapper.get('[data-testid="list-tab"][data-list="all"]').get('[data-testid="list-count"]').text()).toBe('1万')
      const first = rows().length
      expect(first).toBeGreaterThan(5)
      expect(first).toBeLessThan(40) // not 100, let alone 10,000

      // Scrolled near the end of the first page: the second one comes.
      const scroller = wrapper.get('.vl').element as HTMLElement
      scroller.scrollTop = (pageSize - 10) * 62
      scroller.dispatchEvent(new Event('scroll'))
      await settle()
      expect(pages()).toHaveLength(2)
      expect(lastPage()).toMatchObject({ offset: pageSize, limit: pageSize })
      expect(useConversationsStore().items).toHaveLength(2 * pageSize)
      expect(rows().length).toBeLessThan(40)
      expect(rows()[0]?.attributes('data-conversation-id')).not.toBe('1') // the rows above are not rendered

      // Scrolling again while nothing more is needed asks nothing.
      scroller.dispatchEvent(new Event('scroll'))
      await settle()
      expect(pages()).toHaveLength(2)
    })

    it('searches by buyer or text once typing pauses, and says when nothing matches', async () => {
      fakeBackend([
        conversation({ id: 1, buyerName: '王先生', lastText: '在吗' }),
        conversation({ id: 2, buyerName: '李女士', lastText: '发票怎么开' }),
      ])
      const { wrapper, buyers } = await showList()
      vi.useFakeTimers()
      const box = wrapper.get('[data-testid="list-search"]')
      await box.setValue('发')
      await vi.advanceTimersByTimeAsync(searchDelay - 1)
      await box.setValue('发票') // still typing: the pause starts again
      await vi.advanceTimersByTimeAsync(searchDelay - 1)
      expect(pages()).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      await settle()
      expect(pages()).toHaveLength(2)
      expect(lastPage()).toMatchObject({ query: '发票', offset: 0 })
      expect(buyers()).toEqual(['李女士'])

      await box.setValue('退款')
      await vi.advanceTimersByTimeAsync(searchDelay)
      await settle()
      const empty = wrapper.get('[data-testid="conversations-empty"]')
      expect(empty.attributes('data-empty')).toBe('search')
      expect(empty.text()).toContain('没有找到包含“退款”的会话')
      await empty.get('button').trigger('click')
      await settle()
      expect(lastPage()?.query).toBe('')
      expect(buyers()).toEqual(['王先生', '李女士'])
    })

    it('updates rows from pushed events and asks for the counts again, at most every 300 ms', async () => {
      const pushes = fakeBackend([conversation({ id: 1, buyerName: '甲' }), conversation({ id: 2, buyerName: '乙' })])
      const { wrapper, buyers } = await showList()
      expect(counts(wrapper).unreplied).toBe('0')
      vi.useFakeTimers()
      vi.mocked(chat.list).mockClear()

      for (let i = 0; i < 10; i++) {
        const c = conversation({ id: 2, buyerName: '乙', unread: i + 1, unreplied: true, lastText: `第${i}条` })
        pushes.db[1] = c
        pushes.message({ conversation: c, message: message({ id: 100 + i, conversationId: 2, text: `第${i}条` }) })
      }
      pushes.updated(conversation({ id: 1, buyerName: '甲', lastText: '好的' }))
      await settle()
      expect(buyers()).toEqual(['乙', '甲'])
      expect(wrapper.findAll('[data-testid="conversation-item"]')[0]?.text()).toContain('第9条')
      expect(countQueries()).toHaveLength(0)

      // Another event just before the counts are due neither adds a request nor puts it off.
      await vi.advanceTimersByTimeAsync(countsDelay - 1)
      pushes.updated(conversation({ id: 1, buyerName: '甲', lastText: '好的' }))
      expect(countQueries()).toHaveLength(0)
      await vi.advanceTimersByTimeAsync(1)
      await settle()
      expect(countQueries()).toHaveLength(1)
      expect(countQueries()[0]).toMatchObject({ list: 'all', agentId: me, offset: 0 })
      expect(counts(wrapper)).toMatchObject({ unread: '1', unreplied: '1' })
      expect(pages()).toHaveLength(0) // the rows were not fetched again

      // A conversation that leaves the list shown leaves the screen.
      await wrapper.get('[data-testid="list-tab"][data-list="unreplied"]').trigger('click')
      await settle()
      expect(buyers()).toEqual(['乙'])
      pushes.updated(conversation({ id: 2, buyerName: '乙', unreplied: false }))
      await settle()
      expect(buyers()).toEqual([])
    })
  })

  describe('CV-1 jump to the conversation that has waited longest', () => {
    const now = Date.now()
    const waiting = () => [
      conversation({ id: 1, buyerName: '甲', unreplied: true, waitingSince: new Date(now - 60_000).toISOString() }),
      conversation({ id: 2, buyerName: '乙' }),
      conversation({ id: 3, buyerName: '丙', unreplied: true, waitingSince: new Date(now - 600_000).toISOString() }),
    ]

    it('opens the conversation LongestWaiting returns, from the button or Alt+W', async () => {
      fakeBackend(waiting())
      const { wrapper, rows } = await showList()
      await wrapper.get('[data-testid="jump-longest"]').trigger('click')
      await settle()
      expect(chat.longestWaiting).toHaveBeenCalledWith(me, [])
      expect(chat.open).toHaveBeenLastCalledWith(3)
      expect(useConversationsStore().activeId).toBe(3)
      expect(rows()[2]?.attributes('aria-current')).toBe('true')

      // One the list does not show (another list, say) is opened all the same.
      vi.mocked(chat.longestWaiting).mockResolvedValue(conversation({ id: 42, buyerName: '庚', unreplied: true }))
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'w', code: 'KeyW', altKey: true }))
      await settle()
      expect(chat.longestWaiting).toHaveBeenCalledTimes(2)
      expect(useConversationsStore().activeId).toBe(42)
      expect(useConversationsStore().active?.buyerName).toBe('庚')
    })

    it('says calmly that nobody is waiting', async () => {
      fakeBackend([conversation({ id: 1 })])
      const { wrapper } = await showList()
      await wrapper.get('[data-testid="jump-longest"]').trigger('click')
      await settle()
      expect(chat.longestWaiting).toHaveBeenCalledOnce()
      expect(toasts()).toContain('没有等待回复的买家')
      expect(useConversationsStore().activeId).toBeNull()
    })

    it('asks about everyone when all agents are shown', async () => {
      fakeBackend(waiting())
      const { wrapper } = await showList()
      await wrapper.findAll('[data-testid="list-mine-toggle"] input').find((i) => i.attributes('value') === 'all')?.setValue(true)
      await settle()
      await wrapper.get('[data-testid="jump-longest"]').trigger('click')
      await settle()
      expect(chat.longestWaiting).toHaveBeenCalledWith(0, [])
    })

    it('CV-8 Alt+N opens the next unreplied conversation of the list', async () => {
      fakeBackend(waiting())
      await showList()
      const store = useConversationsStore()
      const press = async () => {
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', code: 'KeyN', altKey: true }))
        await settle()
        return store.activeId
      }
      expect(await press()).toBe(1)
      expect(await press()).toBe(3)
      expect(await press()).toBe(1)
      expect(chat.longestWaiting).not.toHaveBeenCalled()
    })
  })
})
