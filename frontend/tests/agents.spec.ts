import { defineComponent, h } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as agentsApi from '../src/api/agents'
import * as chat from '../src/api/chat'
import ConversationList from '../src/components/conversations/ConversationList.vue'
import TopBar from '../src/components/layout/TopBar.vue'
import { useDeskEvents } from '../src/composables/useDeskEvents'
import { useAgentsStore } from '../src/stores/agents'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend, type Pushes } from './backend'
import { agent, conversation, me } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')

/** The top bar over the conversation list, fed by pushed events, as the desk shows them. */
const Desk = defineComponent({
  setup() {
    useDeskEvents()
    return () => [h(TopBar), h(ConversationList)]
  },
})

let pushes: Pushes

async function showDesk() {
  const { wrapper } = render(Desk)
  await useConversationsStore().load()
  await settle()
  const switcher = () => wrapper.get('[data-testid="agent-switcher"]')
  const openMenu = async () => {
    await switcher().trigger('click')
    await settle()
    return document.querySelector<HTMLElement>('[data-testid="agent-menu"]')!
  }
  const click = async (el: Element | null | undefined) => {
    ;(el as HTMLElement).click()
    await settle()
  }
  return { wrapper, switcher, openMenu, click }
}

describe('CV-2 agents in the top bar', () => {
  beforeEach(() => {
    localStorage.clear()
    pushes = fakeBackend(
      [conversation({ id: 1, buyerName: '甲' }), conversation({ id: 2, buyerName: '乙', agentId: 2, agentName: '阿强' })],
      [agent({ active: 1 }), agent({ id: 2, name: '阿强', status: 'away', active: 1 })],
    )
  })

  it('shows the agent at the desk with its status and workload', async () => {
    const { switcher } = await showDesk()
    expect(switcher().attributes('data-status')).toBe('online')
    expect(switcher().get('[data-testid="agent-current"]').text()).toBe('小美')
    expect(switcher().text()).toContain('1/5')
    expect(switcher().text()).not.toContain('在线') // only a status that takes no conversations is spelled out
  })

  it('sets the status online, away or offline', async () => {
    const { switcher, openMenu, click } = await showDesk()
    const menu = await openMenu()
    const statuses = [...menu.querySelectorAll<HTMLElement>('[data-testid="agent-status"]')]
    expect(statuses.map((s) => s.dataset.status)).toEqual(['online', 'away', 'offline'])
    expect(statuses.map((s) => s.getAttribute('aria-pressed'))).toEqual(['true', 'false', 'false'])
    await click(statuses[1])
    expect(agentsApi.setStatus).toHaveBeenCalledExactlyOnceWith(me, 'away')
    expect(switcher().attributes('data-status')).toBe('away')
    expect(switcher().text()).toContain('离开')
  })

  it('says why a status could not be set', async () => {
    const { openMenu, click, switcher } = await showDesk()
    vi.mocked(agentsApi.setStatus).mockRejectedValue({ kind: 'internal', key: 'error.internal', message: 'db locked' })
    const menu = await openMenu()
    await click(menu.querySelector('[data-testid="agent-status"][data-status="offline"]'))
    expect(toasts()).toContain('状态没有改成')
    expect(switcher().attributes('data-status')).toBe('online')
  })

  it('switches to another agent, whose conversations the list then shows', async () => {
    const { wrapper, switcher, openMenu, click } = await showDesk()
    const buyers = () => wrapper.findAll('[data-testid="conversation-item"]').map((r) => r.get('.conv__buyer').text())
    expect(buyers()).toEqual(['甲'])
    const menu = await openMenu()
    const others = [...menu.querySelectorAll<HTMLElement>('[data-testid="agent-switch"]')]
    expect(others.map((o) => o.dataset.agentId)).toEqual(['2'])
    expect(others[0]?.textContent).toContain('阿强')
    await click(others[0])
    expect(agentsApi.switchAgent).toHaveBeenCalledExactlyOnceWith(2)
    expect(switcher().get('[data-testid="agent-current"]').text()).toBe('阿强')
    expect(switcher().attributes('data-status')).toBe('online')
    expect(useAgentsStore().list.find((a) => a.id === me)?.status).toBe('offline')
    expect(vi.mocked(chat.list).mock.calls.at(-1)?.[0].agentId).toBe(2)
    expect(buyers()).toEqual(['乙'])
    expect(toasts()).toContain('已切换为 阿强')
  })

  it('adds an agent with a name and a capacity, and shows why one is refused', async () => {
    const { openMenu, click } = await showDesk()
    const menu = await openMenu()
    const name = menu.querySelector<HTMLInputElement>('[data-testid="agent-new-name"]')!
    const capacity = menu.querySelector<HTMLInputElement>('[data-testid="agent-new-capacity"]')!
    const create = menu.querySelector<HTMLButtonElement>('[data-testid="agent-create"]')!
    expect(create.disabled).toBe(true)

    name.value = '小李'
    name.dispatchEvent(new Event('input'))
    capacity.value = '8'
    capacity.dispatchEvent(new Event('input'))
    capacity.dispatchEvent(new Event('blur'))
    await settle()
    await click(create)
    expect(agentsApi.createAgent).toHaveBeenCalledExactlyOnceWith({ name: '小李', capacity: 8, role: 'agent' })
    expect(toasts()).toContain('已添加客服 小李')
    expect([...menu.querySelectorAll<HTMLElement>('[data-testid="agent-switch"]')].map((o) => o.dataset.agentId)).toEqual(['2', '3'])
    expect(name.value).toBe('')

    name.value = '阿强'
    name.dispatchEvent(new Event('input'))
    await settle()
    await click(create)
    expect(menu.querySelector('[data-testid="agent-create-error"]')?.textContent).toBe('已有同名的客服')
  })

  it('follows agents:changed', async () => {
    const { switcher } = await showDesk()
    pushes.agents([agent({ active: 3, capacity: 4 }), agent({ id: 2, name: '阿强', status: 'online' })])
    await settle()
    expect(switcher().text()).toContain('3/4')
  })
})
