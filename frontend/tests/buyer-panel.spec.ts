import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as buyerApi from '../src/api/buyer'
import * as chat from '../src/api/chat'
import * as events from '../src/api/events'
import type { Buyer, BuyerNotes, BuyerProfile, Order } from '../src/api/buyer'
import BuyerPanel from '../src/components/buyer/BuyerPanel.vue'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { conversation, message } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/buyer')

function order(over: Partial<Order> = {}): Order {
  return {
    id: 'DY1001',
    shopId: 1,
    buyerId: 103,
    status: 'shipped',
    amountCents: 12900,
    currency: 'CNY',
    items: [{ name: '纯棉T恤', sku: 'red-L', quantity: 2 }],
    promiseShipAt: '2026-11-22T10:00:00Z',
    courier: '顺丰',
    trackingNo: 'SF1234567890',
    address: '上海市浦东新区 1 号',
    createdAt: '2026-11-20T08:00:00Z',
    updatedAt: '2026-11-21T08:00:00Z',
    ...over,
  }
}

function profileOf(over: Partial<BuyerProfile> = {}, buyer: Partial<Buyer> = {}): BuyerProfile {
  return {
    buyer: { id: 103, shopId: 1, externalId: 'dy_buyer_3', name: '买家3', tags: [], note: '', followUp: false, ...buyer },
    shopName: '小蓝鲸旗舰店',
    platform: 'douyin',
    firstSeen: '2026-11-01T08:00:00Z',
    conversations: 4,
    orders: [order(), order({ id: 'DY1002', status: 'paid', courier: '', trackingNo: '', amountCents: 5000 })],
    orderCount: 2,
    totals: [{ currency: 'CNY', amountCents: 17900 }],
    updatedAt: '',
    ...over,
  }
}

/** The fake backend's buyer: what was saved last. */
let stored: Buyer
/** pushBuyer pushes buyer:updated as the Go side would. */
let pushBuyer: (b: Buyer) => void = () => {}

async function openPanel(p = profileOf(), conversations = [conversation({ id: 3, shopId: 1 })]) {
  fakeBackend(conversations)
  stored = { ...p.buyer }
  vi.mocked(buyerApi.profile).mockImplementation(async (id: number) =>
    id === 3 ? { ...p, buyer: { ...stored } } : profileOf({}, { id: 100 + id, name: `买家${id}`, externalId: `dy_buyer_${id}` }),
  )
  vi.mocked(buyerApi.updateBuyer).mockImplementation(async (id: number, n: BuyerNotes) => {
    stored = { ...stored, id, tags: n.tags.map((t) => t.trim()), note: n.note.trim(), followUp: n.followUp }
    return { ...stored }
  })
  vi.mocked(events.onBuyerUpdated).mockImplementation((h) => {
    pushBuyer = h
    return () => {}
  })
  const { wrapper } = render(BuyerPanel)
  const store = useConversationsStore()
  await store.load()
  await store.open(3)
  await settle()
  return { wrapper }
}

describe('buyer panel (CV-4)', () => {
  beforeEach(() => {
    vi.useRealTimers()
  })

  it('CV-4 shows the profile of the open conversation’s buyer', async () => {
    const { wrapper } = await openPanel()
    expect(buyerApi.profile).toHaveBeenCalledWith(3)
    expect(wrapper.get('[data-testid="buyer-name"]').text()).toBe('买家3')
    expect(wrapper.get('[data-testid="buyer-external-id"]').text()).toBe('dy_buyer_3')
    expect(wrapper.get('[data-testid="buyer-shop"]').text()).toContain('小蓝鲸旗舰店')
    expect(wrapper.get('[data-testid="buyer-conversations"]').text()).toBe('4')
    expect(wrapper.get('[data-testid="buyer-order-count"]').text()).toContain('2')
    expect(wrapper.get('[data-testid="buyer-order-count"]').text()).toContain('179.00')
    expect(wrapper.get('[data-testid="buyer-first-seen"]').text()).toContain('2026')
  })

  it('CV-4 lists orders with state, items, amount, promised ship time and logistics', async () => {
    const { wrapper } = await openPanel()
    const orders = wrapper.findAll('[data-testid="buyer-order"]')
    expect(orders).toHaveLength(2)
    const first = orders[0]!
    expect(first.get('[data-testid="order-id"]').text()).toBe('DY1001')
    expect(first.get('[data-testid="order-status"]').text()).toBe('已发货')
    expect(first.get('[data-testid="order-items"]').text()).toBe('纯棉T恤 ×2')
    expect(first.get('[data-testid="order-amount"]').text()).toContain('129.00')
    expect(first.get('[data-testid="order-promise"]').text()).toContain('2026')
    expect(first.get('[data-testid="order-logistics"]').text()).toContain('顺丰')
    expect(first.get('[data-testid="order-tracking"]').text()).toBe('SF1234567890')
    expect(first.get('[data-testid="order-address"]').text()).toBe('上海市浦东新区 1 号')
    const second = orders[1]!
    expect(second.get('[data-testid="order-status"]').text()).toBe('已付款未发货')
    expect(second.get('[data-testid="order-logistics"]').text()).toBe('暂无物流信息')
  })

  it('CV-4 shows an empty state when the buyer has no orders', async () => {
    const { wrapper } = await openPanel(profileOf({ orders: [], orderCount: 0, totals: [] }))
    expect(wrapper.findAll('[data-testid="buyer-order"]')).toHaveLength(0)
    expect(wrapper.get('[data-testid="buyer-no-orders"]').text()).toContain('暂无订单')
  })

  it('CV-4 adds a tag with Enter and removes one with ×, saving each time', async () => {
    const { wrapper } = await openPanel(profileOf({}, { tags: ['老客户'] }))
    const input = wrapper.get<HTMLInputElement>('[data-testid="buyer-tag-input"]')
    await input.setValue(' VIP ')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenLastCalledWith(103, { tags: ['老客户', 'VIP'], note: '', followUp: false })
    expect(wrapper.findAll('[data-testid="buyer-tag"]').map((t) => t.text())).toEqual(['老客户', 'VIP'])
    expect(input.element.value).toBe('')

    // The same tag again (any case) is not added.
    await input.setValue('vip')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenCalledTimes(1)
    expect(wrapper.get('[data-testid="buyer-tag-notice"]').text()).toContain('vip')

    await wrapper.findAll('[data-testid="buyer-tag"]')[0]!.get('.n-tag__close').trigger('click')
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenLastCalledWith(103, { tags: ['VIP'], note: '', followUp: false })
    expect(wrapper.findAll('[data-testid="buyer-tag"]').map((t) => t.text())).toEqual(['VIP'])
  })

  it('CV-4 saves the note on blur and on Ctrl+S, and says so', async () => {
    const { wrapper } = await openPanel()
    const note = wrapper.get<HTMLTextAreaElement>('[data-testid="buyer-note"]')
    await note.setValue('喜欢红色，尺码 L')
    expect(wrapper.get('[data-testid="buyer-save-state"]').text()).toBe('未保存')
    await note.trigger('blur')
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenLastCalledWith(103, { tags: [], note: '喜欢红色，尺码 L', followUp: false })
    expect(wrapper.get('[data-testid="buyer-save-state"]').text()).toBe('已保存')

    await note.setValue('喜欢红色，尺码 XL')
    await note.trigger('keydown', { key: 's', ctrlKey: true })
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenCalledTimes(2)
    expect(buyerApi.updateBuyer).toHaveBeenLastCalledWith(103, { tags: [], note: '喜欢红色，尺码 XL', followUp: false })
    expect(wrapper.get('[data-testid="buyer-save-state"]').text()).toBe('已保存')

    // Nothing changed: nothing is sent.
    await note.trigger('blur')
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenCalledTimes(2)
  })

  it('CV-4 keeps a note that could not be saved, shows the error and retries', async () => {
    const { wrapper } = await openPanel()
    vi.mocked(buyerApi.updateBuyer).mockRejectedValueOnce({ kind: 'invalid', key: 'error.buyer_note_too_long', message: 'too long' })
    const note = wrapper.get<HTMLTextAreaElement>('[data-testid="buyer-note"]')
    await note.setValue('很长的备注')
    await note.trigger('blur')
    await settle()
    const state = wrapper.get('[data-testid="buyer-save-state"]')
    expect(state.text()).toContain('保存失败')
    expect(state.text()).toContain('备注太长了')
    expect(note.element.value).toBe('很长的备注')

    await wrapper.get('[data-testid="buyer-save-retry"]').trigger('click')
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenCalledTimes(2)
    expect(wrapper.get('[data-testid="buyer-save-state"]').text()).toBe('已保存')
    expect(stored.note).toBe('很长的备注')
  })

  it('CV-4 flags the buyer for follow-up', async () => {
    const { wrapper } = await openPanel()
    await wrapper.get('[data-testid="buyer-follow-up"]').trigger('click')
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenLastCalledWith(103, { tags: [], note: '', followUp: true })
    expect(wrapper.get('[data-testid="buyer-follow-up"]').classes()).toContain('n-switch--active')
  })

  it('CV-4 saves a pending note before following another conversation', async () => {
    const { wrapper } = await openPanel(profileOf(), [conversation({ id: 3 }), conversation({ id: 4 })])
    const note = wrapper.get<HTMLTextAreaElement>('[data-testid="buyer-note"]')
    await note.setValue('待保存')
    await useConversationsStore().open(4)
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenCalledWith(103, { tags: [], note: '待保存', followUp: false })
    expect(buyerApi.profile).toHaveBeenLastCalledWith(4)
    expect(useConversationsStore().activeId).toBe(4)
    expect(wrapper.find('[data-testid="buyer-lost"]').exists()).toBe(false)
  })

  it('CV-4 says so when a pending note of the previous buyer could not be saved', async () => {
    const { wrapper } = await openPanel(profileOf(), [conversation({ id: 3 }), conversation({ id: 4 })])
    vi.mocked(buyerApi.updateBuyer).mockRejectedValueOnce({ kind: 'internal', key: 'error.internal', message: 'disk full' })
    await wrapper.get<HTMLTextAreaElement>('[data-testid="buyer-note"]').setValue('别丢')
    await useConversationsStore().open(4)
    await settle()
    const lost = wrapper.get('[data-testid="buyer-lost"]')
    expect(lost.text()).toContain('买家3')
    await lost.get('button').trigger('click')
    await settle()
    expect(buyerApi.updateBuyer).toHaveBeenLastCalledWith(103, { tags: [], note: '别丢', followUp: false })
    expect(wrapper.find('[data-testid="buyer-lost"]').exists()).toBe(false)
  })

  it('CV-4 takes notes saved elsewhere, and its own save coming back keeps saying saved', async () => {
    const { wrapper } = await openPanel()
    await wrapper.get('[data-testid="buyer-follow-up"]').trigger('click')
    await settle()
    pushBuyer({ ...stored })
    await settle()
    expect(wrapper.get('[data-testid="buyer-save-state"]').text()).toBe('已保存')

    pushBuyer({ ...stored, tags: ['投诉过'], note: '另一个窗口写的' })
    await settle()
    expect(wrapper.findAll('[data-testid="buyer-tag"]').map((t) => t.text())).toEqual(['投诉过'])
    expect(wrapper.get<HTMLTextAreaElement>('[data-testid="buyer-note"]').element.value).toBe('另一个窗口写的')

    // Another buyer's notes change nothing here.
    pushBuyer({ ...stored, id: 999, note: '别人' })
    await settle()
    expect(wrapper.get<HTMLTextAreaElement>('[data-testid="buyer-note"]').element.value).toBe('另一个窗口写的')
  })

  it('CV-4 sends an order card or its logistics to the buyer from an order', async () => {
    const { wrapper } = await openPanel()
    vi.mocked(chat.sendCard).mockResolvedValue(message({ id: 30, conversationId: 3, sender: 'agent' }))
    const orders = wrapper.findAll('[data-testid="buyer-order"]')
    await orders[0]!.get('[data-testid="order-send-card"]').trigger('click')
    await settle()
    expect(chat.sendCard).toHaveBeenLastCalledWith(3, 'order_card', 'DY1001')
    await orders[0]!.get('[data-testid="order-send-logistics"]').trigger('click')
    await settle()
    expect(chat.sendCard).toHaveBeenLastCalledWith(3, 'logistics_card', 'DY1001')
    expect(toasts()).toContain('卡片已发送')
    // No tracking number, no logistics card.
    expect(orders[1]!.get('[data-testid="order-send-logistics"]').attributes('disabled')).toBeDefined()

    vi.mocked(chat.sendCard).mockRejectedValueOnce({ kind: 'conflict', key: 'error.conversation_closed', message: 'closed' })
    await orders[1]!.get('[data-testid="order-send-card"]').trigger('click')
    await settle()
    expect(toasts()).toContain('会话已结束')
  })
})
