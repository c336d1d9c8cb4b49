// Working hours and off windows as the backend writes them (engine.Week):
// "mon-fri 09:00-12:00,13:30-18:00; sat 10:00-16:00". The window edits them
// day by day and saves the text; parseWeek and formatWeek read and write it
// exactly as engine.ParseWeek and Week.String do, so that an unchanged week
// is never saved again.

/** A span of a day, in minutes from midnight: [from, to); to ≤ from crosses midnight. */
export interface Span {
  from: number
  to: number
}

/** The spans of each weekday, Monday first (0 = Monday … 6 = Sunday). */
export type Week = Span[][]

/** The weekdays as the backend names them, Monday first. */
export const dayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type DayKey = (typeof dayKeys)[number]

/** emptyWeek has no span on any day. */
export function emptyWeek(): Week {
  return dayKeys.map(() => [])
}

/** clock writes minutes from midnight as "09:05" ("24:00" for the end of the day). */
export function clock(minutes: number): string {
  const m = Math.max(0, Math.min(24 * 60, Math.round(minutes)))
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/** parseClock reads "9:05" or "24:00" as minutes from midnight; null for anything else. */
export function parseClock(s: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(s)
  if (!m) {
    return null
  }
  const h = Number(m[1])
  const min = Number(m[2])
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) {
    return null
  }
  return h * 60 + min
}

function parseDays(s: string): number[] | null {
  const [from, to, ...rest] = s.toLowerCase().split('-')
  if (rest.length > 0) {
    return null
  }
  const a = dayKeys.indexOf(from as DayKey)
  const b = to === undefined ? a : dayKeys.indexOf(to as DayKey)
  if (a < 0 || b < 0) {
    return null
  }
  const out: number[] = []
  for (let d = a; ; d = (d + 1) % 7) {
    out.push(d)
    if (d === b) {
      return out
    }
  }
}

/**
 * parseWeek reads a week's text: groups separated by ";" or new lines, each
 * "days spans" or only spans (every day); days "mon", "mon-fri" (fri-mon
 * wraps); spans "09:00-18:00" separated by ",". Empty text is an empty
 * week; text the backend would refuse gives null.
 */
export function parseWeek(text: string): Week | null {
  const week = emptyWeek()
  for (const raw of text.split(/[;\n]/)) {
    const group = raw.trim()
    if (group === '') {
      continue
    }
    let days = [0, 1, 2, 3, 4, 5, 6]
    let spansText = group
    const fields = group.split(/\s+/)
    if (fields.length > 1 && !fields[0]!.includes(':')) {
      const d = parseDays(fields[0]!)
      if (d === null) {
        return null
      }
      days = d
      spansText = fields.slice(1).join('')
    }
    for (const st of spansText.split(',')) {
      const [a, b, ...rest] = st.trim().split('-')
      const from = a === undefined ? null : parseClock(a)
      const to = b === undefined ? null : parseClock(b)
      if (rest.length > 0 || from === null || to === null || from === to) {
        return null
      }
      for (const d of days) {
        week[d]!.push({ from, to })
      }
    }
  }
  return week.map(sortSpans)
}

function sortSpans(spans: Span[]): Span[] {
  return [...spans].sort((a, b) => a.from - b.from)
}

function sameSpans(a: Span[], b: Span[]): boolean {
  return a.length === b.length && a.every((s, i) => s.from === b[i]!.from && s.to === b[i]!.to)
}

/**
 * formatWeek writes a week as the backend does: Monday first, days with the
 * same spans next to each other grouped ("mon-fri 09:00-18:00; sat
 * 10:00-16:00"); empty for no span.
 */
export function formatWeek(week: Week): string {
  const days = week.map(sortSpans)
  const groups: string[] = []
  for (let i = 0; i < 7; ) {
    let j = i + 1
    while (j < 7 && sameSpans(days[j]!, days[i]!)) {
      j++
    }
    if (days[i]!.length > 0) {
      const name = j - i > 1 ? `${dayKeys[i]}-${dayKeys[j - 1]}` : dayKeys[i]
      groups.push(`${name} ${days[i]!.map((s) => `${clock(s.from)}-${clock(s.to)}`).join(',')}`)
    }
    i = j
  }
  return groups.join('; ')
}

/** spanProblem says what is wrong with a span: 'same' when it starts where it ends; null when it is fine. */
export function spanProblem(s: Span): 'same' | null {
  return s.from % (24 * 60) === s.to % (24 * 60) ? 'same' : null
}

/** crossesMidnight reports whether a span ends on the next day. */
export function crossesMidnight(s: Span): boolean {
  return s.to <= s.from
}
