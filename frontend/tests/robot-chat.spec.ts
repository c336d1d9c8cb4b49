import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'

import * as appApi from '../src/api/app'
import * as chat from '../src/api/chat'
import * as llmApi from '../src/api/llm'
import * as reception from '../src/api/reception'
import ChatView from '../src/components/chat/ChatView.vue'
import ConversationList from '../src/components/conversations/ConversationList.vue'
import TopBar from '../src/components/layout/TopBar.vue'
import { useDeskEvents } from '../src/composables/useDeskEvents'
import { sensitiveCheckDelay } from '../src/composables/useSensitiveDraft'
import { setLocale } from '../src/i18n'
import { useAppStore } from '../src/stores/app'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend, type Pushes } from './backend'
import { conversation, decision, message, rating, view } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/reception')
vi.mock('../src/api/desktop')
vi.mock('../src/api/llm')

const Events = defineComponent({
  setup() {
    useDeskEvents()
    return () => null
  },
})

// A night at the shop: the robot greets, answers, falls back, sends the away reply; the buyer rates.
const thread = [
  message({ id: 1, conversationId: 7, text: '什么时候发货' }),
  message({ id: 2, conversationId: 7, sender: 'greeting', text: '欢迎光临小蓝鲸～' }),
  message({ id: 3, conversationId: 7, sender: 'robot', text: '亲，付款后 48 小时内发货哦。', entryId: 7 }),
  message({ id: 4, conversationId: 7, text: '你们老板养猫吗' }),
  message({ id: 5, conversationId: 7, sender: 'fallback', text: '抱歉目前人工客服不在线，上线后会第一时间回复您' }),
  message({ id: 6, conversationId: 7, sender: 'system', text: '机器人无法回答买家的这条消息（知识库中没有匹配的回答），已发送兜底回复，请尽快回复。' }),
  message({ id: 8, conversationId: 7, text: '在吗' }),
  message({ id: 9, conversationId: 7, sender: 'away', text: '下班啦，明早回复您' }),
]
const decisions = [
  decision({
    messageId: 1,
    conversationId: 7,
    outcome: 'robot',
    reason: { key: 'robot_sent', args: { confidence: '0.95', threshold: '0.87', entry: '什么时候发货？' } },
    replyId: 3,
    agentId: 0,
  }),
  decision({
    messageId: 4,
    conversationId: 7,
    outcome: 'fallback',
    reason: { key: 'robot_fallback', args: { why: 'no_match' } },
    replyId: 5,
    agentId: 0,
    noticeId: 6,
    notice: { key: 'notice_robot_fallback', args: { why: 'no_match' } },
  }),
  decision({ messageId: 8, conversationId: 7, outcome: 'away', reason: { key: 'robot_away', args: {} }, replyId: 9, agentId: 0 }),
]

async function openChat(ratings = [rating({ conversationId: 7, replyId: 3, solved: false, reason: 'irrelevant', text: '我问的是发货' })]) {
  const c = conversation({ id: 7, buyerName: '小王', state: 'queued', agentId: 0, attention: 'human_requested', priority: true })
  const pushes = fakeBackend([c])
  vi.mocked(chat.open).mockImplementation(async () => view(pushes.db[0]!, thread, decisions, ratings))
  const { wrapper } = render(ConversationList, ChatView, Events)
  const store = useConversationsStore()
  await store.load()
  await store.open(7)
  await settle()
  const bubble = (id: number) => wrapper.findAll('.msg')[thread.findIndex((m) => m.id === id)]!
  return { wrapper, store, pushes, bubble }
}

describe('RB-4 RB-5 RB-7 the robot in the chat', () => {
  beforeEach(() => {
    setLocale('zh-CN')
  })

  it('RB-4 tags the robot\'s replies 机器人 with the decision\'s reason, and labels greeting, fallback and away replies', async () => {
    const { bubble } = await openChat()
    const tag = bubble(3).get('[data-testid="robot-tag"]')
    expect(tag.text()).toBe('机器人')
    expect(tag.attributes('title')).toContain('机器人已回复：置信度 0.95 ≥ 0.87，知识库问题「什么时候发货？」')
    await tag.trigger('click')
    expect(bubble(3).get('[data-testid="robot-reason"]').text()).toBe('机器人已回复：置信度 0.95 ≥ 0.87，知识库问题「什么时候发货？」')
    expect(bubble(2).get('[data-testid="reply-label"]').text()).toBe('问候语')
    expect(bubble(5).get('[data-testid="reply-label"]').text()).toBe('兜底回复')
    expect(bubble(5).get('[data-testid="reply-label"]').attributes('title')).toBe('机器人无法回答，已发送兜底回复（知识库中没有匹配的回答）')
    expect(bubble(9).get('[data-testid="reply-label"]').text()).toBe('非工作时间回复')
    expect(bubble(5).find('[data-testid="robot-tag"]').exists()).toBe(false)
  })

  it('RB-7 shows the buyer\'s rating under the robot reply, and the session\'s rating in the header', async () => {
    const { wrapper, bubble, pushes } = await openChat()
    const r = bubble(3).get('[data-testid="reply-rating"]')
    expect(r.text()).toBe('未解决 · 答非所问 · “我问的是发货”')
    expect(r.attributes('data-solved')).toBe('false')
    expect(wrapper.find('[data-testid="session-rating"]').exists()).toBe(false)
    // Ratings pushed later: the reply is re-rated solved, and the session gets 4.
    pushes.rated([rating({ conversationId: 7, replyId: 3, solved: true }), rating({ conversationId: 7, replyId: 0, score: 4 })])
    await settle()
    expect(bubble(3).get('[data-testid="reply-rating"]').text()).toBe('已解决')
    expect(wrapper.get('[data-testid="session-rating"]').text()).toContain('买家评分 4/5')
    setLocale('en')
    await settle()
    expect(wrapper.get('[data-testid="session-rating"]').text()).toContain('Buyer rated 4/5')
    expect(bubble(3).get('[data-testid="robot-tag"]').text()).toBe('Robot')
    expect(bubble(5).get('[data-testid="reply-label"]').text()).toBe('Fallback reply')
  })

  it('words a system note from its decision\'s notice, in the window\'s language', async () => {
    const { bubble } = await openChat()
    expect(bubble(6).text()).toContain('机器人无法回答买家的这条消息（知识库中没有匹配的回答），已发送兜底回复，请尽快回复。')
    setLocale('en')
    await settle()
    expect(bubble(6).text()).toContain("The robot could not answer the buyer's message (nothing in the KB matches) and sent the fallback reply. Please reply soon.")
  })

  it('RB-8 RB-9 tags what waits for a human: a complaint stands out', async () => {
    const { wrapper, pushes, store } = await openChat()
    store.showList('queued')
    await settle()
    const tag = () => wrapper.get('[data-testid="conversation-item"] [data-testid="conversation-attention"]')
    expect(tag().text()).toBe('要求人工')
    expect(tag().attributes('title')).toContain('认为机器人的回答没有解决问题')
    for (const [attention, text] of [
      ['complaint', '投诉'],
      ['scene_rule', '场景规则'],
      ['robot_fallback', '机器人未答'],
      ['sensitive', '敏感词'],
    ] as const) {
      pushes.updated({ ...pushes.db[0]!, attention })
      await settle()
      expect(tag().text(), attention).toBe(text)
    }
    pushes.updated({ ...pushes.db[0]!, attention: 'complaint' })
    await settle()
    expect(tag().classes()).toContain('att--complaint')
    expect(tag().find('svg').exists()).toBe(true)
  })
})

describe('RB-10 an agent\'s draft with a sensitive word is flagged before it is sent', () => {
  let pushes: Pushes

  beforeEach(() => {
    setLocale('zh-CN')
    pushes = fakeBackend([conversation({ id: 7, buyerName: '小王' })])
    vi.mocked(chat.open).mockImplementation(async () => view(pushes.db[0]!, [message({ id: 1, conversationId: 7 })]))
    vi.mocked(chat.send).mockImplementation(async (req) => message({ id: 50, conversationId: req.conversationId, sender: 'agent', text: req.text }))
    vi.mocked(reception.sensitiveWords).mockImplementation(async (_shop, text) => (text.includes('微信') ? ['加微信'] : []))
  })

  async function typed(text: string) {
    const { wrapper } = render(ChatView, Events)
    const store = useConversationsStore()
    await store.load()
    await store.open(7)
    await settle()
    const input = wrapper.get('[data-testid="reply-input"]')
    await input.setValue(text)
    return { wrapper, input, store }
  }

  it('flags it while typing, and Enter holds it back until the agent confirms', async () => {
    const { wrapper, input } = await typed('亲，加微信 abc123 私聊')
    await new Promise((r) => setTimeout(r, sensitiveCheckDelay + 50))
    await settle()
    expect(reception.sensitiveWords).toHaveBeenCalledWith(1, '亲，加微信 abc123 私聊')
    expect(wrapper.get('[data-testid="sensitive-warning"]').attributes('data-held')).toBe('false')

    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(chat.send).not.toHaveBeenCalled()
    const held = wrapper.get('[data-testid="sensitive-warning"]')
    expect(held.attributes('data-held')).toBe('true')
    expect(held.text()).toContain('这条回复含有敏感词：加微信。确认要发送吗？')
    // Enter again still does not send it.
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(chat.send).not.toHaveBeenCalled()

    await wrapper.get('[data-testid="sensitive-send"]').trigger('click')
    await settle()
    expect(chat.send).toHaveBeenCalledWith({ conversationId: 7, text: '亲，加微信 abc123 私聊', entryId: 0 })
  })

  it('marks the words in the draft; editing it drops the warning, and a clean draft goes at once', async () => {
    const { wrapper, input } = await typed('加微信聊')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(wrapper.get('[data-testid="sensitive-mark"]').text()).toBe('加微信')
    await wrapper.get('[data-testid="sensitive-edit"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="sensitive-warning"][data-held="true"]').exists()).toBe(false)
    await input.setValue('好的，马上安排')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(chat.send).toHaveBeenCalledWith({ conversationId: 7, text: '好的，马上安排', entryId: 0 })
  })

  it('does not block a reply when the check itself fails', async () => {
    vi.mocked(reception.sensitiveWords).mockRejectedValue({ kind: 'internal', key: 'error.internal', message: 'down' })
    const { input } = await typed('加微信')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(chat.send).toHaveBeenCalled()
  })
})

describe('the settings show the log folder', () => {
  it('shows its path and opens it with AppService.OpenLogFolder, saying when it cannot', async () => {
    fakeBackend()
    vi.mocked(llmApi.settings).mockResolvedValue({ baseUrl: '', model: '', enabled: false, budgetMs: 1500, topK: 5, hasKey: false, keyPlace: '' })
    vi.mocked(appApi.openLogFolder).mockResolvedValueOnce().mockRejectedValueOnce({ kind: 'unavailable', key: '', message: 'no file manager' })
    const { wrapper } = render(TopBar)
    await useAppStore().load()
    await wrapper.get('[data-testid="open-settings"]').trigger('click')
    await settle()
    const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!
    expect(q('settings-logs').textContent).toContain('日志')
    expect(q('settings-log-dir').textContent).toBe('/tmp/replydesk/logs')
    q('settings-open-logs').click()
    await settle()
    expect(appApi.openLogFolder).toHaveBeenCalledTimes(1)
    q('settings-open-logs').click()
    await settle()
    expect(toasts()).toContain('打不开日志文件夹：no file manager')
  })
})
