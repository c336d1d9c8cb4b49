import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as buyerApi from '../src/api/buyer'
import * as chat from '../src/api/chat'
import * as scenarioApi from '../src/api/scenario'
import type { ScenarioView } from '../src/api/scenarioView'
import ChatView from '../src/components/chat/ChatView.vue'
import { setLocale } from '../src/i18n'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { assist, conversation, message } from './fixtures'
import { render, settle, toasts } from './render'
import { order, orderContext, overdueView, scenarioView } from './scenario-fixtures'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/buyer')
vi.mock('../src/api/scenario')

/** openWith opens conversation 3, whose latest buyer message (7) hits a scenario. */
async function openWith(view: ScenarioView | null, messageId = 7) {
  fakeBackend([conversation({ id: 3, shopId: 1, buyerName: '小王' })])
  vi.mocked(chat.assist).mockResolvedValue(assist({ conversationId: 3, messageId, intent: 'ship_time', scenario: view }))
  const { wrapper } = render(ChatView)
  const store = useConversationsStore()
  await store.load()
  await store.open(3)
  await settle()
  const prompt = () => wrapper.find('[data-testid="scenario-prompt"]')
  const input = () => wrapper.get<HTMLTextAreaElement>('[data-testid="reply-input"]')
  return { wrapper, store, prompt, input }
}

describe('SA-1 SA-4 SA-8 the smart assistant prompt above the input box', () => {
  beforeEach(() => {
    setLocale('zh-CN')
  })

  it('shows nothing when the message hits no scenario', async () => {
    const { prompt, wrapper } = await openWith(null)
    expect(prompt().exists()).toBe(false)
    expect(wrapper.find('[data-testid="scenario-reopen"]').exists()).toBe(false)
  })

  it('shows the intent, the order and its state, the script and the operations', async () => {
    const { prompt } = await openWith(scenarioView())
    const p = prompt()
    expect(p.get('[data-testid="scenario-intent"]').text()).toBe('催发货')
    const o = p.get('[data-testid="scenario-order"]')
    expect(o.attributes('data-order-id')).toBe('DY20261120001')
    expect(o.attributes('data-state')).toBe('paid')
    expect(o.attributes('data-overdue')).toBe('false')
    expect(o.text()).toContain('已付款未发货')
    expect(o.text()).toContain('承诺')
    expect(p.findAll('[data-testid="scenario-script"]').map((s) => s.text())).toEqual([
      expect.stringContaining('亲，您的订单 DY20261120001 已付款'),
    ])
    expect(p.findAll('[data-testid="scenario-operation"]').map((b) => b.text())).toEqual(['发送订单卡片', '催仓库发货'])
    expect(p.find('[data-testid="scenario-rule"]').exists()).toBe(false)
  })

  it('marks an overdue order red with its promised time and warns of the platform rule with its source (SA-8)', async () => {
    const { prompt } = await openWith(overdueView())
    const p = prompt()
    expect(p.get('[data-testid="scenario-order"]').attributes('data-overdue')).toBe('true')
    expect(p.get('[data-testid="scenario-order-state"]').text()).toBe('超时未发货')
    expect(p.get('[data-testid="scenario-overdue"]').text()).toMatch(/已超时 · 承诺 .*2026.* 前发货/)
    const rule = p.get('[data-testid="scenario-rule"]')
    expect(rule.attributes('data-rule')).toBe('douyin-ship-overdue-compensation')
    expect(rule.text()).toContain('3 元优惠券')
    // The source is there for the hover, and for screen readers.
    expect(rule.text()).toContain('来源：抖音电商学习中心《智能助手》常见问题第 5 条（2025-06）')
  })

  it('copies a script into the reply box as free text: the edit applies to that reply only', async () => {
    const { prompt, input, wrapper } = await openWith(scenarioView())
    vi.mocked(chat.send).mockResolvedValue(message({ id: 30, conversationId: 3, sender: 'agent' }))
    await prompt().get('[data-testid="scenario-script-copy"]').trigger('click')
    await settle()
    expect(input().element.value).toBe('亲，您的订单 DY20261120001 已付款，会尽快为您发货～')
    expect(wrapper.find('[data-testid="reply-entry"]').exists()).toBe(false)
    await input().setValue('亲，您的订单已付款，今天下午发出～')
    await wrapper.get('[data-testid="send-button"]').trigger('click')
    await settle()
    expect(chat.send).toHaveBeenCalledExactlyOnceWith({ conversationId: 3, text: '亲，您的订单已付款，今天下午发出～', entryId: 0, fromEntryId: 0, edited: false })
  })

  it('sends a script as it is', async () => {
    const { prompt, input } = await openWith(scenarioView())
    vi.mocked(chat.send).mockResolvedValue(message({ id: 30, conversationId: 3, sender: 'agent' }))
    await prompt().get('[data-testid="scenario-script-send"]').trigger('click')
    await settle()
    expect(chat.send).toHaveBeenCalledExactlyOnceWith({ conversationId: 3, text: '亲，您的订单 DY20261120001 已付款，会尽快为您发货～', entryId: 0 })
    expect(input().element.value).toBe('')
  })

  it('does not send a script with a variable still missing: fill in first', async () => {
    const view = scenarioView({
      order: orderContext({ order: null }),
      scripts: [{ text: '亲，订单 {order.id} 会尽快发出', missing: ['order.id'] }],
    })
    const { prompt, input } = await openWith(view)
    const p = prompt()
    expect(p.get('[data-testid="scenario-script-missing"]').text()).toBe('需先补全：订单号')
    expect(p.get('[data-testid="scenario-script-send"]').attributes('disabled')).toBeDefined()
    await p.get('[data-testid="scenario-script-copy"]').trigger('click')
    await settle()
    expect(input().element.value).toBe('亲，订单 {order.id} 会尽快发出')
    expect(chat.send).not.toHaveBeenCalled()
  })

  it('runs an operation in one click on the scenario\'s order and shows what it sent', async () => {
    const { prompt, wrapper } = await openWith(scenarioView())
    const card = message({
      id: 31,
      conversationId: 3,
      sender: 'agent',
      type: 'order_card',
      text: '[订单] DY20261120001',
      payload: { kind: 'order_card', order: { ...order(), status: 'paid' }, coupon: null, address: null, candidates: [] },
    })
    vi.mocked(scenarioApi.runOperation).mockResolvedValue({ conversation: conversation({ id: 3, buyerName: '小王' }), message: card })
    await prompt().findAll('[data-testid="scenario-operation"]')[0]!.trigger('click')
    await settle()
    expect(scenarioApi.runOperation).toHaveBeenCalledExactlyOnceWith(3, 'order_card', 'DY20261120001')
    expect(wrapper.findAll('[data-testid="message-card"]').map((c) => c.attributes('data-kind'))).toEqual(['order_card'])
    expect(toasts()).toContain('订单卡片已发送')
  })

  it('asks which of the buyer\'s orders an operation is about when the conversation names none', async () => {
    const view = scenarioView({ order: orderContext({ order: null, candidates: 2 }), operations: ['order_card', 'transfer_human'] })
    const { prompt } = await openWith(view)
    vi.mocked(buyerApi.profile).mockResolvedValue({
      buyer: { id: 103, shopId: 1, externalId: 'b1', name: '小王', tags: [], note: '', followUp: false },
      orders: [order({ id: 'DY1' }), order({ id: 'DY2', status: 'shipped' })],
    } as unknown as Awaited<ReturnType<typeof buyerApi.profile>>)
    vi.mocked(scenarioApi.runOperation).mockResolvedValue({ conversation: conversation({ id: 3 }), message: null })
    expect(prompt().get('[data-testid="scenario-order"]').text()).toMatch(/未确认订单\s*· 买家有 2 个未完成订单/)
    const pick = prompt().get('[data-operation="order_card"]')
    expect(pick.attributes('data-needs-order')).toBe('true')
    await pick.trigger('click')
    await settle()
    expect(buyerApi.profile).toHaveBeenCalledWith(3)
    const options = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="scenario-order-option"]'))
    expect(options.map((o) => o.textContent?.trim())).toEqual(['DY1 · 已付款未发货', 'DY2 · 已发货'])
    options[1]!.click()
    await settle()
    expect(scenarioApi.runOperation).toHaveBeenCalledExactlyOnceWith(3, 'order_card', 'DY2')

    // A transfer needs no order.
    await prompt().get('[data-operation="transfer_human"]').trigger('click')
    await settle()
    expect(scenarioApi.runOperation).toHaveBeenLastCalledWith(3, 'transfer_human', '')
  })

  it('says why an operation failed', async () => {
    const { prompt } = await openWith(scenarioView({ operations: ['logistics_card'] }))
    vi.mocked(scenarioApi.runOperation).mockRejectedValue({ kind: 'invalid', key: 'error.card_no_tracking', message: 'no tracking number' })
    await prompt().get('[data-operation="logistics_card"]').trigger('click')
    await settle()
    expect(toasts()).toContain('没有完成：')
  })

  it('hides for this buyer message (Esc too) and comes back with the next one', async () => {
    const { prompt, wrapper, store } = await openWith(scenarioView())
    await prompt().get('[data-testid="scenario-dismiss"]').trigger('click')
    await settle()
    expect(prompt().exists()).toBe(false)
    await wrapper.get('[data-testid="scenario-reopen"]').trigger('click')
    await settle()
    expect(prompt().exists()).toBe(true)
    await prompt().trigger('keydown', { key: 'Escape' })
    await settle()
    expect(prompt().exists()).toBe(false)

    // The buyer writes again: a new message, a new prompt.
    vi.mocked(chat.assist).mockResolvedValue(assist({ conversationId: 3, messageId: 8, intent: 'ship_time', scenario: scenarioView() }))
    store.receive({
      conversation: conversation({ id: 3, buyerName: '小王' }),
      message: message({ id: 8, conversationId: 3, sender: 'buyer', text: '还没发吗' }),
    })
    await settle()
    expect(prompt().exists()).toBe(true)
  })

  it('offers 编辑回复 only to an owner where the robot is on, and 我要反馈 to everyone', async () => {
    const closed = await openWith(scenarioView())
    expect(closed.prompt().find('[data-testid="scenario-report"]').exists()).toBe(true)
    expect(closed.prompt().find('[data-testid="scenario-edit"]').exists()).toBe(false)
    closed.wrapper.unmount()

    fakeBackend([conversation({ id: 3, shopId: 1 })])
    vi.mocked(scenarioApi.scriptsAccess).mockResolvedValue({ robotEnabled: true, canEdit: true })
    vi.mocked(chat.assist).mockResolvedValue(assist({ conversationId: 3, messageId: 7, intent: 'ship_time', scenario: scenarioView() }))
    const { wrapper } = render(ChatView)
    const store = useConversationsStore()
    await store.load()
    await store.open(3)
    await settle()
    expect(scenarioApi.scriptsAccess).toHaveBeenCalledWith(1)
    expect(wrapper.find('[data-testid="scenario-edit"]').exists()).toBe(true)
  })

  it('speaks English', async () => {
    setLocale('en')
    const { prompt } = await openWith(overdueView())
    setLocale('en')
    await settle()
    const p = prompt()
    expect(p.get('[data-testid="scenario-intent"]').text()).not.toBe('')
    expect(p.text()).toContain('Platform rule')
    expect(p.get('[data-testid="scenario-script-copy"]').text()).toBe('Copy')
    expect(p.get('[data-testid="scenario-report"]').text()).toBe('Report a problem')
  })
})
