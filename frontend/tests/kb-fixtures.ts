// Builders of KB data for tests: each fills in a plausible value for every
// field the test does not care about.
import type { Change, Entry, HitTestResult, KBMeta, ListedEntry } from '../src/api/types'

export function kbMeta(over: Partial<KBMeta> = {}): KBMeta {
  return {
    categories: ['general', 'product', 'order', 'logistics', 'after_sales', 'other'],
    intents: [
      { key: 'greeting', category: 'general' },
      { key: 'invoice', category: 'general' },
      { key: 'ship_time', category: 'order' },
      { key: 'complaint', category: 'after_sales' },
    ],
    orderStatuses: ['unpaid', 'paid', 'overdue', 'shipped', 'delivered', 'after_sales'],
    operations: ['order_card', 'logistics_card', 'coupon', 'urge_warehouse', 'transfer_human'],
    variables: ['buyer.name', 'shop.name', 'order.id', 'order.promise_ship_at'],
    formats: ['xlsx', 'csv', 'json'],
    maxFileBytes: 20 << 20,
    maxQuestionRunes: 200,
    maxAnswerRunes: 1000,
    maxAnswersEach: 3,
    maxSimilar: 300,
    maxSynonymGroups: 500,
    maxSynonymWords: 20,
    maxHitTestResults: 5,
    ...over,
  }
}

export function entry(over: Partial<Entry> = {}): Entry {
  return {
    id: 7,
    shopId: 1,
    question: '什么时候发货',
    similar: ['啥时候发货', '几号能发'],
    answers: [{ text: '亲，付款后 48 小时内发货。', when: [] }],
    category: 'order',
    intent: 'ship_time',
    enabled: true,
    operations: [],
    neverAuto: false,
    version: 3,
    updatedAt: new Date(2026, 10, 21, 9, 0).toISOString(),
    updatedBy: 'desk',
    ...over,
  }
}

export function listed(over: Partial<ListedEntry> = {}): ListedEntry {
  return { ...entry(over), stats: { hits: 0, recognized: 0, lastHitAt: '', solved: 0, unsolved: 0, ...over.stats } }
}

export function hit(over: Partial<HitTestResult> = {}): HitTestResult {
  return {
    entry: entry(),
    score: 7.4,
    confidence: 0.91,
    basis: [],
    question: '什么时候发货',
    questionSpans: [],
    querySpans: [],
    autoAnswer: false,
    ...over,
  }
}

export function change(over: Partial<Change> = {}): Change {
  return {
    id: 30,
    shopId: 1,
    entryId: 7,
    action: 'update',
    actor: 'desk',
    at: new Date(2026, 10, 21, 9, 0).toISOString(),
    before: entry({ version: 2 }),
    after: entry({ version: 3 }),
    ...over,
  }
}
