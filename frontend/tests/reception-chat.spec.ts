import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'

import * as agentsApi from '../src/api/agents'
import * as chat from '../src/api/chat'
import * as reception from '../src/api/reception'
import ChatView from '../src/components/chat/ChatView.vue'
import ConversationList from '../src/components/conversations/ConversationList.vue'
import { useDeskEvents } from '../src/composables/useDeskEvents'
import { setLocale } from '../src/i18n'
import { useConversationsStore } from '../src/stores/conversations'
import { maxDecisions, useDecisionsStore } from '../src/stores/decisions'
import { fakeBackend, type Pushes } from './backend'
import { agent, conversation, decision, message, view } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/reception')
vi.mock('../src/api/desktop')

/** Events listens to the desk's pushes, as the desk layout does. */
const Events = defineComponent({
  setup() {
    useDeskEvents()
    return () => null
  },
})

const thread = [
  message({ id: 1, conversationId: 7, text: '什么时候发货' }),
  message({ id: 2, conversationId: 7, sender: 'assist', text: '亲，付款后 48 小时内发货哦。', entryId: 7, agentId: 1 }),
  message({ id: 3, conversationId: 7, text: '包邮吗' }),
  message({ id: 4, conversationId: 7, text: '在吗' }),
  message({ id: 5, conversationId: 7, text: '这个能便宜点吗' }),
  message({ id: 6, conversationId: 7, sender: 'system', text: '辅助回复无法回答买家的这条消息（知识库中没有匹配的回答），请尽快回复。' }),
]

const decisions = [
  decision({ messageId: 1, conversationId: 7, replyId: 2 }),
  decision({ messageId: 3, conversationId: 7, outcome: 'suggest', reason: { key: 'viewing', args: { agent: '小美' } }, replyId: 0 }),
  decision({ messageId: 4, conversationId: 7, outcome: 'suggest', reason: { key: 'auto_send_off', args: {} }, replyId: 0 }),
  decision({ messageId: 5, conversationId: 7, outcome: 'handoff', reason: { key: 'no_match', args: {} }, replyId: 0 }),
]

/** openChat renders the chat view with conversation 7 open, its messages decided as above. */
async function openChat(c = conversation({ id: 7, buyerName: '小王' }), staff = [agent()]) {
  const pushes = fakeBackend([c], staff)
  vi.mocked(chat.open).mockImplementation(async () => view(pushes.db[0]!, thread, decisions))
  const { wrapper } = render(ChatView, Events)
  const store = useConversationsStore()
  await store.load()
  await store.open(7)
  await settle()
  return { wrapper, store, pushes }
}

function bubble(wrapper: Awaited<ReturnType<typeof openChat>>['wrapper'], id: number) {
  const all = wrapper.findAll('.msg')
  return all[thread.findIndex((m) => m.id === id)]!
}

describe('AS-5 – AS-9 decisions in the chat', () => {
  beforeEach(() => {
    setLocale('zh-CN')
  })

  it('AS-6 tags an auto-sent reply, with its reason on hover and on click', async () => {
    const { wrapper } = await openChat()
    const reply = bubble(wrapper, 2)
    const tag = reply.get('[data-testid="auto-sent-tag"]')
    expect(tag.text()).toBe('自动发送')
    expect(tag.attributes('title')).toContain('已自动发送：置信度 0.93 ≥ 0.87，知识库问题「什么时候发货？」')
    expect(tag.attributes('aria-expanded')).toBe('false')
    expect(reply.find('[data-testid="auto-sent-reason"]').exists()).toBe(false)
    await tag.trigger('click')
    expect(reply.get('[data-testid="auto-sent-reason"]').text()).toBe('已自动发送：置信度 0.93 ≥ 0.87，知识库问题「什么时候发货？」 · 代你发送')
    // Only the assist reply has the tag; the buyer's answered message says nothing more.
    expect(wrapper.findAll('[data-testid="auto-sent-tag"]')).toHaveLength(1)
    expect(bubble(wrapper, 1).find('[data-testid="message-decision"]').exists()).toBe(false)
  })

  it('AS-5 says under a buyer message why it was not answered, and stays quiet where every message would say the same', async () => {
    const { wrapper } = await openChat()
    const viewing = bubble(wrapper, 3).get('[data-testid="message-decision"]')
    expect(viewing.text()).toBe('未发送：你正在看这个会话')
    expect(viewing.attributes('data-outcome')).toBe('suggest')
    expect(bubble(wrapper, 4).find('[data-testid="message-decision"]').exists()).toBe(false)
    const handoff = bubble(wrapper, 5).get('[data-testid="message-decision"]')
    expect(handoff.text()).toBe('未发送：知识库中没有匹配的回答')
    expect(handoff.classes()).toContain('dn--handoff')
  })

  it('AS-8 shows a system message as a note for agents, apart from the chat', async () => {
    const { wrapper } = await openChat()
    const note = wrapper.get('[data-testid="message"][data-sender="system"]')
    expect(note.attributes('role')).toBe('note')
    expect(note.text()).toContain('请尽快回复')
    expect(note.text()).toContain('仅客服可见')
    expect(note.classes()).toContain('note')
  })

  it('shows decisions pushed after the messages, and an outcome it does not know', async () => {
    const { wrapper, pushes } = await openChat()
    pushes.message({
      conversation: conversation({ id: 7, buyerName: '小王', lastText: '好的' }),
      message: message({ id: 8, conversationId: 7, text: '好的' }),
    })
    await settle()
    expect(wrapper.findAll('[data-testid="message-decision"]')).toHaveLength(2)
    pushes.decided([decision({ messageId: 8, conversationId: 7, outcome: 'robot_night', reason: { key: 'night_shift', args: {} }, replyId: 0 })])
    await settle()
    const notes = wrapper.findAll('[data-testid="message-decision"]')
    expect(notes).toHaveLength(3)
    expect(notes[2]?.text()).toBe('自动回复：robot_night')
  })

  it('renders in English, with "you"', async () => {
    const { wrapper } = await openChat()
    setLocale('en')
    await settle()
    expect(bubble(wrapper, 3).get('[data-testid="message-decision"]').text()).toBe('Not sent: you were looking at this conversation')
    expect(bubble(wrapper, 2).get('[data-testid="auto-sent-tag"]').text()).toBe('Auto-sent')
  })
})

describe('AS-4 the agent’s own auto-send in the chat header', () => {
  it('turns it off and on for the agent at this desk only', async () => {
    const { wrapper, pushes } = await openChat()
    const toggle = () => wrapper.get('[data-testid="auto-send-toggle"]')
    expect(reception.shopSettings).toHaveBeenCalledWith(1)
    expect(toggle().attributes('data-on')).toBe('true')
    expect(toggle().text()).toContain('自动发送')
    expect(toggle().text()).toContain('仅对你生效')
    await wrapper.get('[data-testid="auto-send-switch"]').trigger('click')
    await settle()
    expect(agentsApi.setAutoSend).toHaveBeenCalledWith(1, false)
    expect(pushes.staff[0]?.autoSend).toBe(false)
    expect(toggle().attributes('data-on')).toBe('false')
    expect(toasts()).toContain('已关闭自动发送（仅对你生效）')
  })

  it('is off and disabled, saying why, where the shop does not allow auto-send', async () => {
    const pushes = fakeBackend()
    pushes.settings[1] = {
      shopId: 1,
      settings: { assistEnabled: true, autoSend: false, threshold: 0.87, burstWaitMs: 0, draftAutoSend: false },
      defaults: { assistEnabled: true, autoSend: false, threshold: 0.87, burstWaitMs: 0, draftAutoSend: false },
      values: {},
      defaultValues: {},
      canEdit: false,
    }
    vi.mocked(reception.shopSettings).mockImplementation(async (id) => structuredClone(pushes.settings[id]!))
    const c = conversation({ id: 7 })
    pushes.db.push(c)
    vi.mocked(chat.open).mockResolvedValue(view(c))
    const { wrapper } = render(ChatView)
    const store = useConversationsStore()
    await store.load()
    await store.open(7)
    await settle()
    const toggle = wrapper.get('[data-testid="auto-send-toggle"]')
    expect(toggle.attributes('data-blocked')).toBe('true')
    expect(toggle.attributes('data-on')).toBe('false')
    expect(toggle.text()).toContain('本店未允许自动发送')
    expect(wrapper.get('[data-testid="auto-send-switch"]').classes()).toContain('n-switch--disabled')
  })
})

describe('AS-4 the toggle before the shop is known', () => {
  it('waits, disabled, until the shop says whether it allows auto-send', async () => {
    const pushes = fakeBackend([conversation({ id: 7 })])
    let answer: (v: Awaited<ReturnType<typeof reception.shopSettings>>) => void = () => {}
    vi.mocked(reception.shopSettings).mockReturnValue(new Promise((resolve) => (answer = resolve)))
    vi.mocked(chat.open).mockResolvedValue(view(pushes.db[0]!))
    const { wrapper } = render(ChatView)
    const store = useConversationsStore()
    await store.load()
    await store.open(7)
    await settle()
    expect(wrapper.get('[data-testid="auto-send-toggle"]').attributes('data-on')).toBe('false')
    expect(wrapper.get('[data-testid="auto-send-switch"]').classes()).toContain('n-switch--disabled')
    const defaults = { assistEnabled: true, autoSend: true, threshold: 0.87, burstWaitMs: 0, draftAutoSend: false }
    answer({ shopId: 1, settings: defaults, defaults, values: {}, defaultValues: {}, canEdit: true })
    await settle()
    expect(wrapper.get('[data-testid="auto-send-toggle"]').attributes('data-on')).toBe('true')
  })
})

describe('AS-8 the attention tag', () => {
  it('tags a conversation that needs a human, in the list and in the header', async () => {
    const needs = conversation({ id: 7, buyerName: '小王', unreplied: true, attention: 'assist_stopped' })
    const pushes: Pushes = fakeBackend([needs, conversation({ id: 8, buyerName: '小李' })])
    vi.mocked(chat.open).mockResolvedValue(view(needs))
    const { wrapper } = render(ConversationList, ChatView, Events)
    const store = useConversationsStore()
    await store.load()
    await settle()
    const items = wrapper.findAll('[data-testid="conversation-item"]')
    expect(items[0]?.get('[data-testid="conversation-attention"]').text()).toBe('需人工')
    expect(items[0]?.get('[data-testid="conversation-attention"]').attributes('title')).toContain('辅助回复无法回答')
    expect(items[1]?.find('[data-testid="conversation-attention"]').exists()).toBe(false)
    await store.open(7)
    await settle()
    expect(wrapper.get('.head [data-testid="conversation-attention"]').text()).toBe('需人工')

    // A human reply clears it.
    pushes.updated({ ...needs, unreplied: false, attention: '' })
    await settle()
    expect(wrapper.find('[data-testid="conversation-attention"]').exists()).toBe(false)
  })
})

describe('the decisions store', () => {
  it('keeps the newest decisions, at most maxDecisions', () => {
    fakeBackend()
    render()
    const store = useDecisionsStore()
    store.add(Array.from({ length: maxDecisions + 2 }, (_, i) => decision({ messageId: i + 1, replyId: 100_000 + i })))
    expect(store.of(message({ id: 1 }))).toBeNull()
    expect(store.of(message({ id: 2 }))).toBeNull()
    expect(store.of(message({ id: 3 }))?.messageId).toBe(3)
    expect(store.of(message({ id: 100_000, sender: 'assist' }))).toBeNull()
    expect(store.of(message({ id: 100_002, sender: 'assist' }))?.messageId).toBe(3)
    expect(store.of(message({ id: 3, sender: 'agent' }))).toBeNull()
  })
})
