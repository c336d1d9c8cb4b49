import { describe, expect, it, vi } from 'vitest'

import * as buyerApi from '../src/api/buyer'
import * as chat from '../src/api/chat'
import type { Order, OrderContext } from '../src/api/orders'
import AssistPanel from '../src/components/assist/AssistPanel.vue'
import BuyerPanel from '../src/components/buyer/BuyerPanel.vue'
import { setLocale } from '../src/i18n'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { assist, conversation } from './fixtures'
import { render, settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/buyer')

function order(over: Partial<Order> = {}): Order {
  return {
    id: 'DY20261120001',
    shopId: 1,
    buyerId: 103,
    status: 'paid',
    amountCents: 12900,
    currency: 'CNY',
    items: [{ name: '纯棉T恤', sku: 'red-L', quantity: 1 }],
    promiseShipAt: '2026-11-20T10:00:00Z',
    courier: '',
    trackingNo: '',
    address: '上海市浦东新区 1 号',
    createdAt: '2026-11-19T08:00:00Z',
    updatedAt: '2026-11-19T08:00:00Z',
    ...over,
  }
}

async function openWith(ctx: OrderContext, orders: Order[] = []) {
  fakeBackend([conversation({ id: 3 })])
  vi.mocked(chat.assist).mockResolvedValue(assist({ conversationId: 3, order: ctx }))
  vi.mocked(buyerApi.profile).mockResolvedValue({
    buyer: { id: 103, shopId: 1, externalId: 'dy_3', name: '买家3', tags: [], note: '', followUp: false },
    shopName: '小蓝鲸旗舰店',
    platform: 'douyin',
    firstSeen: '',
    conversations: 1,
    orders,
    orderCount: orders.length,
    totals: [],
    updatedAt: '',
  })
  const { wrapper } = render(AssistPanel, BuyerPanel)
  const store = useConversationsStore()
  await store.load()
  await store.open(3)
  await settle()
  return wrapper
}

describe('SA-3 the order the conversation is about', () => {
  it('shows the order, its state in words, overdue in red with the promised time, and how it was told', async () => {
    setLocale('zh-CN')
    const overdue = order()
    const wrapper = await openWith({ order: overdue, state: 'overdue', source: 'text', overdue: true, candidates: 2 }, [order({ id: 'DY1', status: 'delivered' }), overdue])
    const line = wrapper.get('[data-testid="assist-order"]')
    expect(line.attributes('data-overdue')).toBe('true')
    expect(line.get('[data-testid="assist-order-id"]').text()).toBe('DY20261120001')
    expect(line.get('[data-testid="assist-order-state"]').text()).toBe('超时未发货')
    expect(line.get('[data-testid="assist-order-state"]').classes().join(' ')).toContain('n-tag')
    expect(line.get('[data-testid="assist-order-overdue"]').text()).toContain('已超过承诺发货时间')
    expect(line.get('[data-testid="assist-order-overdue"]').text()).toContain('2026')
    expect(line.text()).toContain('买家消息中的订单号')
    // The buyer panel marks it among the buyer's orders.
    const marked = wrapper.findAll('[data-testid="buyer-order"]').filter((o) => o.attributes('data-current') === 'true')
    expect(marked.map((o) => o.attributes('data-order-id'))).toEqual(['DY20261120001'])
    expect(marked[0]?.get('[data-testid="order-current"]').text()).toBe('本次咨询')
  })

  it('says when no order could be told, and how many are open', async () => {
    const wrapper = await openWith({ order: null, state: '', source: '', overdue: false, candidates: 3 })
    const line = wrapper.get('[data-testid="assist-order"]')
    expect(line.text()).toContain('未识别订单')
    expect(line.text()).toContain('买家有 3 个未完成订单')
    expect(line.attributes('title')).toContain('推荐回复不针对某个订单')
    setLocale('en')
    await settle()
    expect(line.text()).toContain('No order identified')
    setLocale('zh-CN')
  })
})
