// A dashboard as the Go side sends it: the golden day of
// testdata/metrics/golden-day.md (a Douyin shop, 2026-03-10), and an empty one.
import type { Dashboard, Figures } from '../src/api/metrics'

export function figures(over: Partial<Figures> = {}): Figures {
  return {
    sessions: 0,
    answered24h: 0,
    due24h: 0,
    humanSessions: 0,
    firstResponseMs: 0,
    rated: 0,
    satisfied: 0,
    resolved: 0,
    robotSessions: 0,
    robotHandoffs: 0,
    kpis: [{ met: 0, missed: 0, due: 0 }],
    ...over,
  }
}

export const goldenTotal = figures({
  sessions: 12,
  answered24h: 8,
  humanSessions: 7,
  firstResponseMs: 100_500_000,
  rated: 5,
  satisfied: 3,
  resolved: 2,
  robotSessions: 5,
  robotHandoffs: 2,
  kpis: [{ met: 2, missed: 5, due: 0 }],
})

export function golden(over: Partial<Dashboard> = {}): Dashboard {
  const t = goldenTotal
  return {
    shopId: 1,
    shopName: '回复台演示店',
    platform: 'douyin',
    timeZone: 'Asia/Shanghai',
    from: '2026-03-10',
    to: '2026-03-10',
    agentId: 0,
    kpis: [
      {
        key: 'douyin_3min_human_reply',
        name: { 'zh-CN': '3分钟人工回复率', en: '3-minute human reply rate' },
        kind: 'turns',
        minutes: 3,
        window: '08:00-23:00',
        target: 0,
        note: { 'zh-CN': '按对话轮次计', en: 'Counted per turn' },
      },
    ],
    sources: [{ title: '抖音客服回复超时新规是什么？', url: 'https://example.com/a', date: '2025-12-17', secondary: true, note: {} }],
    series: {
      dates: ['2026-03-10'],
      sessions: [t.sessions],
      answered24h: [t.answered24h],
      due24h: [0],
      humanSessions: [t.humanSessions],
      firstResponseMs: [t.firstResponseMs],
      rated: [t.rated],
      satisfied: [t.satisfied],
      resolved: [t.resolved],
      robotSessions: [t.robotSessions],
      robotHandoffs: [t.robotHandoffs],
      kpis: [{ met: [2], missed: [5], due: [0] }],
    },
    total: t,
    agents: [{ ...t, agentId: 0, name: '' }],
    unsolved: [{ reason: 'irrelevant', count: 1 }],
    topHits: [{ entryId: 7, question: '什么时候发货？', hits: 9, failed: 0 }],
    topFailed: [{ entryId: 8, question: '', hits: 2, failed: 3 }],
    now: '2026-03-20T04:00:00Z',
    ...over,
  }
}

/** empty is a shop's dashboard of a week without a session. */
export function empty(): Dashboard {
  const dates = ['2026-03-14', '2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']
  const zero = () => dates.map(() => 0)
  return golden({
    from: dates[0],
    to: dates[6],
    series: {
      dates,
      sessions: zero(),
      answered24h: zero(),
      due24h: zero(),
      humanSessions: zero(),
      firstResponseMs: zero(),
      rated: zero(),
      satisfied: zero(),
      resolved: zero(),
      robotSessions: zero(),
      robotHandoffs: zero(),
      kpis: [{ met: zero(), missed: zero(), due: zero() }],
    },
    total: figures(),
    agents: [],
    unsolved: [],
    topHits: [],
    topFailed: [],
  })
}
