import { afterEach, describe, expect, it, vi } from 'vitest'

import * as calibrationApi from '../src/api/calibration'
import * as chat from '../src/api/chat'
import * as kb from '../src/api/kb'
import ChatView from '../src/components/chat/ChatView.vue'
import HitTestPanel from '../src/components/kb/HitTestPanel.vue'
import TopBar from '../src/components/layout/TopBar.vue'
import { i18n, setLocale } from '../src/i18n'
import { basisLine, factorWords, parseBasis } from '../src/reception/basis'
import { expectAt } from '../src/reception/calibration'
import { useAppStore } from '../src/stores/app'
import { useConversationsStore } from '../src/stores/conversations'
import { useKBHitTestStore } from '../src/stores/kbHitTest'
import { fakeBackend } from './backend'
import { fakeKB, renderKB } from './kb-backend'
import { conversation, decision, message, view } from './fixtures'
import { entry, hit, listed } from './kb-fixtures'
import { render, settle } from './render'
import { calibration } from './scenario-fixtures'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')
vi.mock('../src/api/reception')
vi.mock('../src/api/desktop')
vi.mock('../src/api/llm')
vi.mock('../src/api/calibration')

const translator = {
  t: (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {}),
  te: (key: string) => i18n.global.te(key),
}

const basisArg = 'exact_question:1.00,model:0.93,margin:0.40,coverage:0.85,known:0.30,votes:0.70,prior:0.81,match:1.20,neighbours:0.95'

describe('KB-6 [3/7] what a confidence was made of, in words', () => {
  afterEach(() => setLocale('zh-CN'))

  it('reads a decision\'s compact basis, skipping what is not key:number', () => {
    expect(parseBasis('exact_question:1.00,model:0.93')).toEqual([
      { key: 'exact_question', value: 1 },
      { key: 'model', value: 0.93 },
    ])
    expect(parseBasis('model:abc,:0.5,margin:-0.12, coverage :0.5,bad')).toEqual([
      { key: 'margin', value: -0.12 },
      { key: 'coverage', value: 0.5 },
    ])
    expect(parseBasis('')).toEqual([])
    expect(parseBasis(undefined)).toEqual([])
  })

  it('says each factor in Chinese and in English', () => {
    setLocale('zh-CN')
    const words = parseBasis(basisArg).map((f) => factorWords(translator, f, '你好'))
    expect(words).toEqual([
      '与问法「你好」完全一致',
      '本店模型估计 0.93',
      '领先第二名 0.40',
      '覆盖消息的 85%',
      '消息大多不是本店知识库用到的词（30%），可能与本店无关',
      '最相近的 10 个问法中 7 个属于这个问题',
      '通用模型估计 0.81（本店模型还在训练）',
      '匹配度 1.20',
      '与这个问题各问法的接近程度 0.95（1 表示和它们彼此一样近）',
    ])
    expect(factorWords(translator, { key: 'exact_question', value: 1 })).toBe('与这个问题的某个问法完全一致')
    expect(factorWords(translator, { key: 'margin', value: 0 })).toBe('与第二名并列')
    expect(factorWords(translator, { key: 'margin', value: -0.25 })).toBe('落后第一名 0.25')
    expect(factorWords(translator, { key: 'known', value: 0.9 })).toBe('消息中 90% 是本店知识库用到的词')
    expect(factorWords(translator, { key: 'lexical', value: 0.5 })).toBe('lexical 0.50')
    setLocale('en')
    expect(basisLine(translator, parseBasis('exact_question:1.00,model:0.93,margin:0.40'), 'hello')).toBe(
      'Same as the question "hello"; The shop\'s own model says 0.93; Leads the runner-up by 0.40',
    )
  })

  it('shows the hit test\'s basis in words under the first result', async () => {
    fakeKB([listed()])
    vi.mocked(kb.hitTest).mockResolvedValue([
      hit({
        entry: entry({ id: 7, question: '打招呼' }),
        question: '你好',
        basis: [
          { key: 'exact_question', value: 1 },
          { key: 'model', value: 0.93 },
          { key: 'margin', value: 0.4 },
        ],
      }),
      hit({ entry: entry({ id: 8, question: '在吗' }), confidence: 0.2 }),
    ])
    const { wrapper, store } = await renderKB(HitTestPanel)
    store.setShop(1)
    await settle()
    const tester = useKBHitTestStore()
    tester.text = '你好'
    await tester.run()
    await settle()
    const results = wrapper.findAll('[data-testid="kb-hittest-result"]')
    expect(results[0]!.findAll('[data-testid="kb-hittest-factor"]').map((f) => f.text())).toEqual([
      '与问法「你好」完全一致',
      '本店模型估计 0.93',
      '领先第二名 0.40',
    ])
    expect(results[1]!.find('[data-testid="kb-hittest-basis"]').exists()).toBe(false)
  })

  it('shows a decision\'s basis in words: on the auto-sent tag and under a held buyer message', async () => {
    const c = conversation({ id: 7, buyerName: '小王' })
    const pushes = fakeBackend([c])
    const thread = [
      message({ id: 1, conversationId: 7, text: '你好' }),
      message({ id: 2, conversationId: 7, sender: 'assist', text: '亲，在的～', entryId: 7, agentId: 1 }),
      message({ id: 3, conversationId: 7, text: '能便宜点吗' }),
    ]
    const decisions = [
      decision({ messageId: 1, conversationId: 7, replyId: 2, reason: { key: 'auto_sent', args: { confidence: '1.00', threshold: '0.87', entry: '你好', basis: 'exact_question:1.00,model:0.93' } } }),
      decision({
        messageId: 3,
        conversationId: 7,
        outcome: 'handoff',
        replyId: 0,
        reason: { key: 'below_threshold', args: { confidence: '0.41', threshold: '0.87', entry: '优惠', basis: 'model:0.41,margin:0.02' } },
      }),
    ]
    vi.mocked(chat.open).mockImplementation(async () => view(pushes.db[0]!, thread, decisions))
    const { wrapper } = render(ChatView)
    const store = useConversationsStore()
    await store.load()
    await store.open(7)
    await settle()

    await wrapper.get('[data-testid="auto-sent-tag"]').trigger('click')
    const reason = wrapper.get('[data-testid="auto-sent-reason"]').text()
    expect(reason).toContain('已自动发送：置信度 1.00 ≥ 0.87')
    expect(reason).toContain('置信度依据：与这个问题的某个问法完全一致；本店模型估计 0.93')

    const note = wrapper.get('[data-testid="message-decision"]')
    expect(note.attributes('title')).toContain('置信度依据：本店模型估计 0.41；领先第二名 0.02')
    expect(wrapper.find('[data-testid="message-decision-basis"]').exists()).toBe(false)
    await note.get('[data-testid="message-decision-why"]').trigger('click')
    expect(wrapper.get('[data-testid="message-decision-basis"]').text()).toBe('置信度依据：本店模型估计 0.41；领先第二名 0.02')
  })
})

describe('[3/7] what the threshold is expected to give, from the shop\'s own KB', () => {
  it('reads the estimate between the points around a threshold', () => {
    const c = calibration()
    expect(expectAt(c, 0.85)).toEqual({ threshold: 0.85, precision: expect.closeTo(0.96, 5), coverage: expect.closeTo(0.58, 5) })
    expect(expectAt(c, 0.3)).toEqual({ threshold: 0.3, precision: 0.8, coverage: 0.9 })
    expect(expectAt(c, 1)).toEqual({ threshold: 1, precision: 1, coverage: 0.1 })
    expect(expectAt(calibration({ points: [] }), 0.8)).toBeNull()
  })

  async function openSettings() {
    fakeBackend()
    const { wrapper } = render(TopBar)
    await useAppStore().load()
    await settle()
    await wrapper.get('[data-testid="open-assistant"]').trigger('click')
    await settle()
    await settle()
    const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="assistant-dialog"] [data-testid="${id}"]`)
    return { wrapper, q }
  }

  it('says beside the threshold what automatic answers are expected to give at it, for the shop shown', async () => {
    const { q } = await openSettings()
    expect(calibrationApi.calibration).toHaveBeenCalledWith(1)
    // The fake shop's threshold is 0.87.
    expect(q('calibration-expect')!.textContent).toBe('按本店知识库估计：阈值 0.87 时，自动回答约 97% 正确，覆盖约 55% 的问题')
    expect(q('calibration-95')!.textContent).toContain('0.83')
    expect(q('calibration-precision')!.getAttribute('d')).toMatch(/^M/)
    expect(q('calibration-rough')).toBeNull()

    // Moving the threshold changes the estimate at once.
    const input = q('assistant-threshold') as HTMLInputElement
    input.value = '0.8'
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('blur'))
    await settle()
    expect(q('calibration-expect')!.textContent).toBe('按本店知识库估计：阈值 0.80 时，自动回答约 94% 正确，覆盖约 66% 的问题')
  })

  it('says when the estimate is rough or cannot reach 95%', async () => {
    fakeBackend()
    vi.mocked(calibrationApi.calibration).mockResolvedValue(calibration({ samples: 12, reached95: false }))
    const { wrapper } = render(TopBar)
    await useAppStore().load()
    await settle()
    await wrapper.get('[data-testid="open-assistant"]').trigger('click')
    await settle()
    await settle()
    const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="assistant-dialog"] [data-testid="${id}"]`)
    expect(q('calibration-rough')!.textContent).toBe('样本较少，估计比较粗略')
    expect(q('calibration-95')!.textContent).toContain('达不到 95%')
  })
})
