// Times as the agent reads them. Functions take `now` so that the list can
// refresh them on a timer and tests can fix the clock.

const minute = 60_000
const hour = 60 * minute

function startOfDay(ms: number): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** clock formats a time as 24-hour HH:mm. */
export function clock(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
}

function monthDay(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(ms)
}

function fullDate(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(ms)
}

export interface RelativeWords {
  justNow: string
  /** yesterday formats "yesterday at <time>". */
  yesterday: (time: string) => string
}

/**
 * relativeTime says how long ago iso was, compactly: "just now" under a
 * minute, minutes and hours ago on the same day, "yesterday 14:05", then the
 * date. An unparsable time gives the empty string.
 */
export function relativeTime(iso: string, now: number, locale: string, words: RelativeWords): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) {
    return ''
  }
  const ago = now - at
  if (ago < minute) {
    return words.justNow
  }
  const today = startOfDay(now)
  if (at >= today) {
    const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })
    return ago < hour ? rtf.format(-Math.floor(ago / minute), 'minute') : rtf.format(-Math.floor(ago / hour), 'hour')
  }
  if (at >= startOfDay(today - 1)) {
    return words.yesterday(clock(at, locale))
  }
  if (new Date(at).getFullYear() === new Date(now).getFullYear()) {
    return monthDay(at, locale)
  }
  return fullDate(at, locale)
}

/** messageTime is a message's time: HH:mm today, with the date before that. */
export function messageTime(iso: string, now: number, locale: string): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) {
    return ''
  }
  if (at >= startOfDay(now)) {
    return clock(at, locale)
  }
  return `${monthDay(at, locale)} ${clock(at, locale)}`
}

/**
 * remaining says how long is left until iso (over: the time is past, and by
 * how much), for "3 min left"; null for an unparsable time.
 */
export function remaining(iso: string, now: number): { over: boolean; left: Elapsed } | null {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) {
    return null
  }
  return { over: at < now, left: spanOf(Math.abs(at - now)) }
}

/** How long something has lasted, in the largest whole unit: under a minute, minutes, hours or days. */
export type Elapsed = { unit: 'underMinute' } | { unit: 'minutes' | 'hours' | 'days'; n: number }

/** elapsed says how long ago iso was, for "waiting 5 min"; null for an unparsable time. */
export function elapsed(iso: string, now: number): Elapsed | null {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) {
    return null
  }
  return spanOf(Math.max(0, now - at))
}

/** spanOf writes a span of time in ms in its largest whole unit. */
function spanOf(ms: number): Elapsed {
  if (ms < minute) {
    return { unit: 'underMinute' }
  }
  if (ms < hour) {
    return { unit: 'minutes', n: Math.floor(ms / minute) }
  }
  if (ms < 24 * hour) {
    return { unit: 'hours', n: Math.floor(ms / hour) }
  }
  return { unit: 'days', n: Math.floor(ms / (24 * hour)) }
}
