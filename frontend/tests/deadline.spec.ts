import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import ConversationItem from '../src/components/conversations/ConversationItem.vue'
import { remaining } from '../src/format/time'
import { i18n, setLocale } from '../src/i18n'
import { conversation } from './fixtures'

const now = Date.UTC(2026, 2, 10, 2, 0) // 10:00 in Shanghai

function item(deadline: string, deadlineKey = 'douyin_3min_human_reply', state: 'active' | 'closed' = 'active') {
  setLocale('zh-CN')
  return mount(ConversationItem, {
    props: { conversation: conversation({ unreplied: true, deadline, deadlineKey, state }), active: false, now, currentAgentId: 1 },
    global: { plugins: [i18n] },
  })
}

describe('reply clocks in the list (MT-5)', () => {
  it('shows the time left on the strictest clock, then the time over', () => {
    let w = item(new Date(now + 2 * 60_000 + 30_000).toISOString())
    const tag = w.get('[data-testid="conversation-deadline"]')
    expect(tag.text()).toBe('剩2分钟')
    expect(tag.attributes('title')).toContain('回复时限：须在')
    expect(tag.classes()).not.toContain('conv__deadline--soon')

    w = item(new Date(now + 40_000).toISOString(), 'response_24h')
    expect(w.get('[data-testid="conversation-deadline"]').text()).toBe('剩<1分钟')
    expect(w.get('[data-testid="conversation-deadline"]').classes()).toContain('conv__deadline--soon')
    expect(w.get('[data-testid="conversation-deadline"]').attributes('title')).toContain('24小时回复')

    w = item(new Date(now - 3 * 60_000).toISOString())
    expect(w.get('[data-testid="conversation-deadline"]').text()).toBe('超时3分钟')
    expect(w.get('[data-testid="conversation-deadline"]').classes()).toContain('conv__deadline--over')
  })

  it('shows none without a clock or once closed', () => {
    expect(item('').find('[data-testid="conversation-deadline"]').exists()).toBe(false)
    expect(item(new Date(now + 60_000).toISOString(), 'k', 'closed').find('[data-testid="conversation-deadline"]').exists()).toBe(false)
  })

  it('speaks English', () => {
    setLocale('en')
    const w = mount(ConversationItem, {
      props: {
        conversation: conversation({ deadline: new Date(now + 5 * 60_000).toISOString(), deadlineKey: 'x' }),
        active: false,
        now,
        currentAgentId: 1,
      },
      global: { plugins: [i18n] },
    })
    expect(w.get('[data-testid="conversation-deadline"]').text()).toBe('5 min left')
    setLocale('zh-CN')
  })

  it('counts what is left and what is over', () => {
    expect(remaining(new Date(now + 90 * 60_000).toISOString(), now)).toEqual({ over: false, left: { unit: 'hours', n: 1 } })
    expect(remaining(new Date(now - 61_000).toISOString(), now)).toEqual({ over: true, left: { unit: 'minutes', n: 1 } })
    expect(remaining('later', now)).toBeNull()
  })
})
