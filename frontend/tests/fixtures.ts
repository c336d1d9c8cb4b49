// Builders of backend data for tests: each fills in a plausible value for every
// field the test does not care about.
import type { DecisionRecord, Rating } from '../src/api/reception'
import type { Agent, Assist, Conversation, ConversationView, Message, Suggestion } from '../src/api/types'

/** The agent at the fake desk. */
export const me = 1

/**
 * conversation is one served by the agent at the desk (me) unless told
 * otherwise; a closed one gets its status, a queued one loses its agent.
 */
export function conversation(over: Partial<Conversation> = {}): Conversation {
  const id = over.id ?? 1
  const state = over.state ?? (over.status === 'closed' ? 'closed' : 'active')
  const agentId = over.agentId ?? (state === 'queued' ? 0 : me)
  return {
    id,
    shopId: 1,
    shopName: '小蓝鲸旗舰店',
    buyerId: 100 + id,
    buyerName: `买家${id}`,
    status: state === 'closed' ? 'closed' : 'open',
    state,
    agentId,
    agentName: agentId === 0 ? '' : agentId === me ? '小美' : `客服${agentId}`,
    priority: false,
    followUp: false,
    unread: 0,
    unreplied: false,
    waitingSince: '',
    lastText: '你好',
    lastSender: 'buyer',
    lastAt: new Date(2026, 10, 21, 9, 0).toISOString(),
    startedAt: new Date(2026, 10, 21, 8, 0).toISOString(),
    lastBuyerAt: '',
    queuedAt: '',
    closedAt: '',
    closeReason: '',
    attention: '',
    deadline: '',
    deadlineKey: '',
    ...over,
  }
}

export function agent(over: Partial<Agent> = {}): Agent {
  const id = over.id ?? me
  return {
    id,
    name: id === me ? '小美' : `客服${id}`,
    status: id === me ? 'online' : 'offline',
    capacity: 5,
    role: id === me ? 'owner' : 'agent',
    active: 0,
    lastAssignedAt: '',
    autoSend: true,
    ...over,
  }
}

export function message(over: Partial<Message> = {}): Message {
  return {
    id: 1,
    conversationId: 1,
    sender: 'buyer',
    type: 'text',
    text: '你好',
    entryId: 0,
    agentId: 0,
    payload: null,
    createdAt: new Date(2026, 10, 21, 9, 0).toISOString(),
    ...over,
  }
}

export function view(c: Conversation, messages: Message[] = [], decisions: DecisionRecord[] = [], ratings: Rating[] = []): ConversationView {
  return { conversation: c, messages, decisions, ratings }
}

/** decision is assist's answer to buyer message 1 of conversation 1, sent as message 2 on behalf of me, unless told otherwise. */
export function decision(over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    messageId: 1,
    conversationId: 1,
    shopId: 1,
    outcome: 'assist',
    reason: { key: 'auto_sent', args: { confidence: '0.93', threshold: '0.87', entry: '什么时候发货？' } },
    entryId: 7,
    intent: 'ship_time',
    confidence: 0.93,
    threshold: 0.87,
    replyId: 2,
    agentId: me,
    decidedAt: new Date(2026, 10, 21, 9, 0, 1).toISOString(),
    noticeId: 0,
    notice: null,
    ...over,
  }
}

/** rating is the buyer's "solved" of robot reply 2 of conversation 1, unless told otherwise. */
export function rating(over: Partial<Rating> = {}): Rating {
  return {
    conversationId: 1,
    shopId: 1,
    replyId: 2,
    entryId: 7,
    solved: true,
    score: 0,
    reason: '',
    text: '',
    ratedAt: new Date(2026, 10, 21, 9, 1).toISOString(),
    ...over,
  }
}

export function suggestion(over: Partial<Suggestion> = {}): Suggestion {
  return {
    entryId: 1,
    question: '什么时候发货？',
    intent: 'ship_time',
    category: '物流',
    answer: '亲，付款后 48 小时内发货哦。',
    missing: [],
    operations: [],
    neverAuto: false,
    confidence: 0.9,
    ...over,
  }
}

export function assist(over: Partial<Assist> = {}): Assist {
  return {
    conversationId: 1,
    messageId: 1,
    query: '什么时候发货',
    intent: '',
    suggestions: [],
    reranking: false,
    reranked: false,
    noneFit: false,
    order: { order: null, state: '', source: '', overdue: false, candidates: 0 },
    scenario: null,
    sendFloor: 0,
    drafting: false,
    draft: null,
    ...over,
  }
}
