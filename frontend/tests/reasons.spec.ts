import { afterEach, describe, expect, it } from 'vitest'

import type { DecisionRecord } from '../src/api/reception'
import { i18n, setLocale } from '../src/i18n'
import en from '../src/langs/en'
import zhCN from '../src/langs/zh-CN'
import { reasonText, toneOf } from '../src/reception/reasons'
import { decision } from './fixtures'
// The Go source of the reasons, as text.
import reasonsGo from '../../engine/reasons.go?raw'

/** The reason keys of engine/reasons.go, read from the Go source: the window must word every one. */
function goReasonKeys(): string[] {
  const src = reasonsGo
  const zh = src.slice(src.indexOf('"zh-CN": {'), src.indexOf('"en": {'))
  return [...zh.matchAll(/^\s+"([a-z_]+)":\s+"/gm)].map((m) => m[1]!)
}

const translator = {
  t: (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {}),
  te: (key: string) => i18n.global.te(key),
}

function words(d: DecisionRecord, me = 1): string {
  return reasonText(translator, d.reason, d.outcome, d.agentId, me)
}

describe('reception reasons (AS-5 – AS-9)', () => {
  afterEach(() => {
    setLocale('zh-CN')
  })

  it('words every reason and notice of the engine in both languages, with the same arguments', () => {
    const keys = goReasonKeys()
    expect(keys.length).toBeGreaterThanOrEqual(20)
    expect(Object.keys(zhCN.reason).sort()).toEqual([...keys].sort())
    expect(Object.keys(en.reason).sort()).toEqual([...keys].sort())
    const args = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const k of keys) {
      const key = k as keyof typeof zhCN.reason
      expect(args(en.reason[key]), k).toEqual(args(zhCN.reason[key]))
    }
    // The "you" variants are of keys that name the agent.
    for (const k of Object.keys(zhCN.reasonYou)) {
      expect(zhCN.reason[k as keyof typeof zhCN.reason]).toContain('{agent}')
    }
  })

  it('says the reason with its arguments, "you" for the agent at this desk', () => {
    setLocale('zh-CN')
    expect(words(decision())).toBe('已自动发送：置信度 0.93 ≥ 0.87，知识库问题「什么时候发货？」')
    const viewing = decision({ outcome: 'suggest', reason: { key: 'viewing', args: { agent: '小美' } }, replyId: 0, agentId: 1 })
    expect(words(viewing, 1)).toBe('未发送：你正在看这个会话')
    expect(words(viewing, 2)).toBe('未发送：小美 正在看这个会话')
    const low = decision({ outcome: 'handoff', reason: { key: 'below_threshold', args: { confidence: '0.61', threshold: '0.87', entry: '包邮吗？' } } })
    expect(words(low)).toBe('未发送：置信度 0.61 低于 0.87（「包邮吗？」）')
    setLocale('en')
    expect(words(viewing, 1)).toBe('Not sent: you were looking at this conversation')
    expect(words(low)).toBe('Not sent: confidence 0.61 below 0.87 (entry "包邮吗？")')
  })

  it('names the missing variables, and words a notice with the reason it names', () => {
    const missing = decision({
      outcome: 'handoff',
      reason: { key: 'missing_variables', args: { entry: '什么时候发货？', variables: '{order.id}, {order.promise_ship_at}' } },
    })
    expect(words(missing)).toBe('未发送：「什么时候发货？」的回答缺少 订单号、承诺发货时间')
    const notice = { key: 'notice_assist_cannot', args: { why: 'no_match' } }
    expect(reasonText(translator, notice, '', 0, 1)).toBe('辅助回复无法回答买家的这条消息（知识库中没有匹配的回答），请尽快回复。')
  })

  it('says what happened when the key or the outcome is one it does not know', () => {
    expect(words(decision({ outcome: 'handoff', reason: { key: 'robot_night_shift', args: {} } }))).toBe('需人工回复')
    expect(words(decision({ outcome: 'robot', reason: { key: 'robot_answered', args: {} } }))).toBe('机器人已回复')
    expect(words(decision({ outcome: 'night_shift', reason: { key: 'night_shift', args: {} } }))).toBe('自动回复：night_shift')
    expect(words(decision({ outcome: '', reason: { key: '', args: {} } }))).toBe('没有记录原因')
  })

  it('shows under a buyer message only what tells the agent something', () => {
    const of = (outcome: string, key: string) => toneOf(decision({ outcome, reason: { key, args: {} } }))
    expect(of('assist', 'auto_sent')).toBe('sent')
    expect(of('handoff', 'repeat')).toBe('handoff')
    expect(of('suggest', 'viewing')).toBe('held')
    expect(of('suggest', 'window_silent')).toBe('held')
    for (const quiet of ['closed', 'human_replied', 'buyer_card', 'assist_off', 'no_agent', 'auto_send_off', 'agent_auto_send_off']) {
      expect(of('suggest', quiet), quiet).toBe('quiet')
    }
    expect(of('merged', 'merged')).toBe('quiet')
    for (const sent of ['robot', 'fallback', 'away', 'predict']) {
      expect(of(sent, 'whatever'), sent).toBe('sent')
    }
    expect(of('suggest', 'robot_silent')).toBe('held')
    expect(of('suggest', 'auto_reply_off')).toBe('quiet')
    expect(of('night_shift', 'whatever')).toBe('other')
  })

  it('words the robot\'s decisions and notes (RB-5, RB-8, RB-9), an unsolved rating\'s reason by its words', () => {
    const fallback = decision({ outcome: 'fallback', reason: { key: 'robot_fallback', args: { why: 'no_match' } } })
    expect(words(fallback)).toBe('机器人无法回答，已发送兜底回复（知识库中没有匹配的回答）')
    const scene = { key: 'notice_robot_handoff', args: { why: 'scene_rule', rule: 'intent:complaint' } }
    expect(reasonText(translator, scene, '', 0, 1)).toBe('机器人已转人工（命中场景规则 intent:complaint，已转人工），会话优先排队，请尽快回复。')
    const unsolved = { key: 'notice_unsolved', args: { reason: 'irrelevant' } }
    expect(reasonText(translator, unsolved, '', 0, 1)).toBe('买家认为机器人的回答没有解决问题（答非所问），已转人工并优先排队，请尽快回复。')
    setLocale('en')
    expect(words(fallback)).toBe('The robot could not answer and sent the fallback reply (nothing in the KB matches)')
    expect(reasonText(translator, unsolved, '', 0, 1)).toBe(
      "The buyer says the robot's answer did not solve the problem (irrelevant); the conversation is first in the queue. Please reply soon.",
    )
  })
})
