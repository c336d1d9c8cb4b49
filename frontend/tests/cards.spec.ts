import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import { toCard } from '../src/api/cards'
import type { engine } from '../wailsjs/go/models'
import type { Card } from '../src/api/types'
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

const orderCard: Card = {
  kind: 'order_card',
  order: {
    id: '6900001',
    status: 'paid',
    items: [{ name: xss, sku: '', quantity: 2 }],
    amountCents: 12980,
    currency: 'CNY',
    promiseShipAt: '2026-11-23T10:00:00Z',
    courier: '',
    trackingNo: '',
    address: '杭州',
  },
  coupon: null,
  address: null,
  candidates: [],
}
const logisticsCard: Card = { ...orderCard, kind: 'logistics_card', order: { ...orderCard.order!, courier: '顺丰速运', trackingNo: 'SF123' } }
const couponCard: Card = {
  kind: 'coupon_card',
  order: null,
  coupon: { amountOffCents: 1000, minSpendCents: 9900, currency: 'CNY', expiresAt: '2026-11-28T10:00:00Z' },
  address: null,
  candidates: [],
}

async function openChat() {
  const c = conversation({ id: 7, buyerName: '小王' })
  fakeBackend([c])
  vi.mocked(chat.open).mockResolvedValue(
    view(c, [
      message({ id: 1, conversationId: 7, sender: 'buyer', type: 'order_card', text: '[订单] 6900001', payload: orderCard }),
      message({ id: 2, conversationId: 7, sender: 'agent', type: 'logistics_card', text: '[物流] 顺丰速运 SF123', payload: logisticsCard }),
      message({ id: 3, conversationId: 7, sender: 'agent', text: '好的' }),
    ]),
  )
  const { wrapper } = render(ChatView)
  const store = useConversationsStore()
  await store.load()
  await store.open(7)
  await settle()
  return { wrapper, store }
}

describe('card messages (CV-7a, SA-4)', () => {
  beforeEach(() => {
    fakeBackend()
  })

  it('renders order and logistics cards as cards, their text literally', async () => {
    const { wrapper } = await openChat()
    const cards = wrapper.findAll('[data-testid="message-card"]')
    expect(cards.map((c) => c.attributes('data-kind'))).toEqual(['order_card', 'logistics_card'])
    expect(cards[0]?.text()).toContain('6900001')
    expect(cards[0]?.text()).toContain('已付款')
    expect(cards[0]?.text()).toContain(xss)
    expect(cards[0]?.text()).toContain('129.80')
    expect(document.querySelector('img')).toBeNull()
    expect(cards[1]?.get('[data-testid="card-tracking"]').text()).toContain('SF123')
    expect(wrapper.findAll('[data-testid="message"]')[2]?.text()).toBe('好的')
  })

  it('sends the coupon card from the reply bar and shows it', async () => {
    const { wrapper } = await openChat()
    vi.mocked(chat.sendCard).mockResolvedValue(
      message({ id: 9, conversationId: 7, sender: 'agent', type: 'coupon_card', text: '[优惠券] 满99减10', payload: couponCard }),
    )
    await wrapper.get('[data-testid="send-coupon"]').trigger('click')
    await settle()
    expect(chat.sendCard).toHaveBeenCalledExactlyOnceWith(7, 'coupon_card', '')
    const coupon = wrapper.findAll('[data-testid="message-card"]').at(-1)
    expect(coupon?.attributes('data-kind')).toBe('coupon_card')
    expect(coupon?.text()).toContain('满 ¥99.00 可用')
    expect(toasts()).toContain('优惠券已发送')
  })

  it('tells why a card was refused', async () => {
    const { wrapper } = await openChat()
    vi.mocked(chat.sendCard).mockRejectedValue({ kind: 'conflict', key: 'error.conversation_closed', message: 'closed' })
    await wrapper.get('[data-testid="send-coupon"]').trigger('click')
    await settle()
    expect(toasts()).toContain('发送失败')
  })

  it('decodes only well-formed payloads', () => {
    expect(toCard(undefined)).toBeNull()
    expect(toCard({ kind: 'html' } as unknown as engine.Card)).toBeNull()
    const c = toCard({ kind: 'coupon_card', coupon: { amountOffCents: '5', expiresAt: 3 } } as unknown as engine.Card)
    expect(c?.coupon).toEqual({ amountOffCents: 0, minSpendCents: 0, currency: '', expiresAt: '' })
    expect(c?.order).toBeNull()
  })
})
