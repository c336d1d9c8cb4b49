// The `/` shortcut of the reply box (CV-3): typing `/` at the start of the
// box or after a space opens the quick-phrase picker, filtered by what
// follows the `/`.
import type { QuickPhrase } from '../api/phrases'

/** A `/query` being typed: the `/` is at start, the caret at end. */
export interface Slash {
  start: number
  end: number
  query: string
}

/** The longest query the picker follows; a longer word is plain text. */
export const maxSlashQuery = 20

/**
 * slashAt returns the `/query` that ends at the caret, or null: the `/` must
 * open the text or follow white space, and the query holds no white space
 * and no other `/` (so URLs and dates such as 1/2 do not open the picker).
 */
export function slashAt(text: string, caret: number): Slash | null {
  const before = text.slice(0, caret)
  const m = /(^|\s)\/([^\s/]*)$/.exec(before)
  if (m === null) {
    return null
  }
  const query = m[2] ?? ''
  if ([...query].length > maxSlashQuery) {
    return null
  }
  return { start: caret - query.length - 1, end: caret, query }
}

/**
 * filterPhrases returns the phrases whose text or group holds every word of
 * the query (case does not matter), most used first, else in list order.
 */
export function filterPhrases(phrases: readonly QuickPhrase[], query: string): QuickPhrase[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '')
  const hits = phrases.filter((p) => {
    const hay = `${p.group}\n${p.text}`.toLowerCase()
    return words.every((w) => hay.includes(w))
  })
  return hits
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.uses - a.p.uses || a.i - b.i)
    .map(({ p }) => p)
}

/** replaceSlash puts text in place of the `/query`; it returns the new text and where the caret goes. */
export function replaceSlash(all: string, slash: Slash, text: string): { text: string; caret: number } {
  return { text: all.slice(0, slash.start) + text + all.slice(slash.end), caret: slash.start + text.length }
}

/** insertAt puts text at the caret (the end when unknown), with a space before it when it would touch a word. */
export function insertAt(all: string, caret: number | null, text: string): { text: string; caret: number } {
  const at = caret === null || caret > all.length ? all.length : caret
  const head = all.slice(0, at)
  const sep = head === '' || /\s$/.test(head) ? '' : ' '
  return { text: head + sep + text + all.slice(at), caret: at + sep.length + text.length }
}
