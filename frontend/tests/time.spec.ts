import { describe, expect, it } from 'vitest'

import { messageTime, relativeTime } from '../src/format/time'

const words = { justNow: '刚刚', yesterday: (time: string) => `昨天 ${time}` }
// Local times, so the cases hold in any time zone.
const now = new Date(2026, 10, 21, 15, 30).getTime()
const at = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => new Date(y, mo, d, h, mi, s).toISOString()

describe('relativeTime', () => {
  it.each([
    ['under a minute', at(2026, 10, 21, 15, 29, 5), '刚刚'],
    ['minutes', at(2026, 10, 21, 15, 25), '5分钟前'],
    ['hours, same day', at(2026, 10, 21, 9, 10), '6小时前'],
    ['yesterday', at(2026, 10, 20, 23, 5), '昨天 23:05'],
    ['this year', at(2026, 2, 3, 10, 0), '3月3日'],
    ['an earlier year', at(2025, 11, 31, 10, 0), '2025年12月31日'],
    ['not a time', 'soon', ''],
  ])('%s', (_, iso, want) => {
    expect(relativeTime(iso, now, 'zh-CN', words)).toBe(want)
  })

  it('speaks English', () => {
    expect(relativeTime(at(2026, 10, 21, 15, 25), now, 'en', words)).toBe('5 min. ago')
  })
})

describe('messageTime', () => {
  it('gives the clock today and the date before', () => {
    expect(messageTime(at(2026, 10, 21, 8, 4), now, 'zh-CN')).toBe('08:04')
    expect(messageTime(at(2026, 10, 19, 18, 45), now, 'zh-CN')).toBe('11月19日 18:45')
  })
})
