// Builders of scenario data for tests (SA-1 – SA-8), each filling in a
// plausible value for every field the test does not care about.
import type { Calibration } from '../src/api/calibration'
import type { Order, OrderContext } from '../src/api/orders'
import type { ScenarioDefinition, ScenarioReport, ScenarioView } from '../src/api/scenarioView'

export function order(over: Partial<Order> = {}): Order {
  return {
    id: 'DY20261120001',
    shopId: 1,
    buyerId: 103,
    status: 'paid',
    amountCents: 12900,
    currency: 'CNY',
    items: [{ name: '纯棉T恤', sku: 'red-L', quantity: 1 }],
    promiseShipAt: '2026-11-22T10:00:00Z',
    courier: '',
    trackingNo: '',
    address: '上海市浦东新区 1 号',
    createdAt: '2026-11-19T08:00:00Z',
    updatedAt: '2026-11-19T08:00:00Z',
    ...over,
  }
}

export function orderContext(over: Partial<OrderContext> = {}): OrderContext {
  const o = over.order === undefined ? order() : over.order
  return { order: o, state: o?.status ?? '', source: o ? 'card' : '', overdue: false, candidates: 2, ...over }
}

/** scenarioView is 催发货 for a paid order (DY20261120001) with one script and two operations, unless told otherwise. */
export function scenarioView(over: Partial<ScenarioView> = {}): ScenarioView {
  return {
    intent: 'ship_time',
    name: '催发货',
    order: orderContext(),
    scripts: [{ text: '亲，您的订单 DY20261120001 已付款，会尽快为您发货～', missing: [] }],
    operations: ['order_card', 'urge_warehouse'],
    rules: [],
    ...over,
  }
}

/** overdueView is 催发货 for an overdue order, with Douyin's rule. */
export function overdueView(): ScenarioView {
  const o = order({ status: 'paid', promiseShipAt: '2026-11-19T10:00:00Z' })
  return scenarioView({
    order: orderContext({ order: o, state: 'overdue', overdue: true }),
    scripts: [{ text: '非常抱歉亲，您的订单已超过承诺的发货时间，已为您加急催促仓库。', missing: [] }],
    operations: ['urge_warehouse', 'order_card', 'transfer_human'],
    rules: [
      {
        id: 'douyin-ship-overdue-compensation',
        text: '平台规则：买家催发货且订单已超过承诺发货时间，平台会先行赔付买家 3 元优惠券，并从店铺保证金中扣除。',
        source: '抖音电商学习中心《智能助手》常见问题第 5 条',
        date: '2025-06',
      },
    ],
  })
}

export function definition(over: Partial<ScenarioDefinition> = {}): ScenarioDefinition {
  return {
    intent: 'ship_time',
    name: '催发货',
    steps: {
      '': { scripts: ['亲，麻烦您确认一下要咨询哪一笔订单～'], operations: ['order_card'] },
      paid: { scripts: ['亲，您的订单 {order.id} 已付款，会在 {order.promise_ship_at} 前为您发货～'], operations: ['order_card', 'urge_warehouse'] },
      overdue: { scripts: ['非常抱歉亲，订单 {order.id} 已超时，已加急催仓库。'], operations: ['urge_warehouse', 'order_card', 'transfer_human'] },
      shipped: { scripts: ['亲，已经发货啦，{order.courier} {order.tracking_no}'], operations: ['logistics_card'] },
    },
    ...over,
  }
}

export function report(over: Partial<ScenarioReport> = {}): ScenarioReport {
  return {
    id: 1,
    shopId: 1,
    intent: 'ship_time',
    state: 'overdue',
    conversationId: 3,
    agentId: 1,
    text: '超时订单的话术不该说今天发',
    image: '',
    status: 'open',
    createdAt: '2026-11-21T09:00:00Z',
    ...over,
  }
}

/** calibration is a shop's estimate: precision rising and coverage falling with the threshold. */
export function calibration(over: Partial<Calibration> = {}): Calibration {
  return {
    shopId: 1,
    points: [
      { threshold: 0.5, precision: 0.8, coverage: 0.9 },
      { threshold: 0.8, precision: 0.94, coverage: 0.66 },
      { threshold: 0.9, precision: 0.98, coverage: 0.5 },
      { threshold: 1, precision: 1, coverage: 0.1 },
    ],
    threshold95: 0.83,
    coverage95: 0.61,
    reached95: true,
    samples: 420,
    outOfScopeShare: 0.2,
    ...over,
  }
}
