import { describe, expect, it, vi } from 'vitest'

import * as reception from '../src/api/reception'
import { problemOf, robotChangesOf, robotFormOf, settingOf } from '../src/reception/robotForm'
import { clock, formatWeek, parseClock, parseWeek } from '../src/reception/week'
import { countWords, ImportStopped, importWordList, pieces, TooManyWords } from '../src/reception/wordList'
import { robotDefaults } from './backend'

vi.mock('../src/api/reception', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/api/reception')>()
  return { ...real, importSensitiveWords: vi.fn() }
})

describe('RB-1 working hours as the backend writes them (engine.Week)', () => {
  it('reads and writes the week exactly as engine.ParseWeek and Week.String do', () => {
    for (const text of [
      'mon-sun 09:00-23:00',
      'mon-fri 09:00-12:00,13:30-18:00; sat 10:00-16:00',
      'fri 20:00-02:00',
      'mon 09:00-18:00; wed 09:00-18:00',
      '',
    ]) {
      expect(formatWeek(parseWeek(text)!), text).toBe(text)
    }
    // Days without names are every day; ranges wrap; spans are sorted; the same days group.
    expect(formatWeek(parseWeek('18:00-22:00')!)).toBe('mon-sun 18:00-22:00')
    expect(formatWeek(parseWeek('fri-mon 10:00-11:00')!)).toBe('mon 10:00-11:00; fri-sun 10:00-11:00')
    expect(formatWeek(parseWeek('tue 13:00-14:00,08:00-09:00\nmon 08:00-09:00,13:00-14:00')!)).toBe('mon-tue 08:00-09:00,13:00-14:00')
    expect(formatWeek(parseWeek('mon 09:00-24:00')!)).toBe('mon 09:00-24:00')
  })

  it('refuses what the backend would refuse', () => {
    for (const bad of ['mon 09:00', 'funday 09:00-10:00', 'mon 09:00-09:00', 'mon 25:00-26:00', 'mon 9-18', 'mon 09:00-10:00-11:00']) {
      expect(parseWeek(bad), bad).toBeNull()
    }
    expect(parseClock('9:05')).toBe(545)
    expect(parseClock('24:01')).toBeNull()
    expect(clock(1440)).toBe('24:00')
  })
})

describe('RB-1 – RB-11 the robot form', () => {
  it('reads the settings as text and saves only what changed, as rdctl writes it', () => {
    const saved = { ...robotDefaults, 'robot.days_off': '2026-12-25,2027-01-01', 'rules.sensitive_words': '加微信\n私下交易' }
    const form = robotFormOf(saved)
    expect(form).toMatchObject({
      replyEnabled: true,
      robotEnabled: false,
      robotMode: 'all_day',
      timeZone: 'Asia/Shanghai',
      cnHolidays: true,
      daysOff: ['2026-12-25', '2027-01-01'],
      sensitiveWords: ['加微信', '私下交易'],
    })
    expect(form.sceneRules).toEqual([
      { kind: 'intent', value: 'complaint' },
      { kind: 'intent', value: 'price_protection' },
      { kind: 'keyword', value: '投诉' },
      { kind: 'keyword', value: '12315' },
    ])
    expect(robotChangesOf(saved, form)).toEqual({})

    const hours = parseWeek('mon-fri 09:00-12:00,13:30-18:00; sat 10:00-16:00')!
    const edited = {
      ...form,
      robotEnabled: true,
      robotMode: 'off_hours' as const,
      hours,
      offWindows: parseWeek('18:00-22:00')!,
      away: '  稍后回复您 ',
      daysOff: ['2027-01-01', '2026-10-01'],
      sceneRules: [...form.sceneRules, { kind: 'keyword' as const, value: '差评' }],
      sensitiveWords: ['加微信'],
    }
    expect(robotChangesOf(saved, edited)).toEqual({
      'robot.enabled': 'on',
      'robot.mode': 'off_hours',
      'robot.hours': 'mon-fri 09:00-12:00,13:30-18:00; sat 10:00-16:00',
      'reply.off_windows': 'mon-sun 18:00-22:00',
      'robot.away': '稍后回复您',
      'robot.days_off': '2026-10-01,2027-01-01',
      'rules.scene': 'intent:complaint,intent:price_protection,keyword:投诉,keyword:12315,keyword:差评',
      'rules.sensitive_words': '加微信',
    })
  })

  it('finds the setting a refusal names, and what it takes', () => {
    const msg = 'robot.hours="mon 09:00-09:00": "09:00-09:00" is not a span such as 09:00-18:00'
    expect(settingOf(msg)).toBe('robot.hours')
    expect(problemOf(msg)).toBe('"09:00-09:00" is not a span such as 09:00-18:00')
    expect(settingOf('robot.fallback: the value holds invalid text')).toBe('robot.fallback')
    expect(problemOf('robot.fallback: the value holds invalid text')).toBe('the value holds invalid text')
    expect(settingOf('only the owner')).toBeNull()
  })
})

describe('RB-10 a word list from a file goes in pieces under the bridge limit', () => {
  it('cuts whole lines into pieces of at most the given bytes', () => {
    const text = '\uFEFF加微信\n\n私下交易\r\nabc,1\n'
    expect(pieces(text, 1000)).toEqual(['加微信\n私下交易\nabc,1'])
    expect(pieces(text, 12)).toEqual(['加微信', '私下交易', 'abc,1'])
    expect(countWords('# header\n加微信,1\n"私下交易"\n加微信\n')).toBe(2)
    const big = Array.from({ length: 9000 }, (_, i) => `敏感词${i}`).join('\n')
    const parts = pieces(big)
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts) {
      expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(40 * 1024)
    }
    expect(parts.join('\n')).toBe(big)
  })

  it('imports piece by piece, refusing up front past the limit and saying which piece failed', async () => {
    const view = { shopId: 1, settings: {} as never, defaults: {} as never, values: {}, defaultValues: {}, canEdit: true }
    vi.mocked(reception.importSensitiveWords).mockResolvedValue(view)
    const big = Array.from({ length: 9000 }, (_, i) => `敏感词${i}`).join('\n')
    const seen: string[] = []
    await importWordList(1, big, 0, (done, total) => seen.push(`${done}/${total}`))
    const n = vi.mocked(reception.importSensitiveWords).mock.calls.length
    expect(n).toBeGreaterThan(1)
    expect(seen.at(-1)).toBe(`${n}/${n}`)

    await expect(importWordList(1, big, 1001)).rejects.toBeInstanceOf(TooManyWords)
    vi.mocked(reception.importSensitiveWords).mockClear()
    vi.mocked(reception.importSensitiveWords).mockResolvedValueOnce(view).mockRejectedValueOnce({ kind: 'invalid', key: 'error.sensitive_list_invalid', message: 'bad' })
    const err = await importWordList(1, big, 0).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ImportStopped)
    expect((err as ImportStopped).done).toBe(2)
    expect(reception.importSensitiveWords).toHaveBeenCalledTimes(2)
  })
})
