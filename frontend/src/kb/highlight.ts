// Highlighting of the words a hit test matched (KB-6).
import type { Span } from '../api/types'

/** A piece of a text, marked or not. */
export interface Segment {
  text: string
  marked: boolean
}

/**
 * highlight cuts text into marked and unmarked pieces. Spans count Unicode
 * code points, as Go counts runes: an emoji written as a surrogate pair is
 * one character. Spans may overlap, come in any order or reach past the end;
 * what lies outside the text is ignored. The pieces joined give text back.
 */
export function highlight(text: string, spans: readonly Span[]): Segment[] {
  const chars = Array.from(text)
  const marked = new Array<boolean>(chars.length).fill(false)
  for (const s of spans) {
    for (let i = Math.max(0, s.start); i < Math.min(chars.length, s.end); i++) {
      marked[i] = true
    }
  }
  const out: Segment[] = []
  chars.forEach((c, i) => {
    const last = out.at(-1)
    if (last !== undefined && last.marked === marked[i]) {
      last.text += c
    } else {
      out.push({ text: c, marked: marked[i] === true })
    }
  })
  return out
}

/** runeLength counts the characters of a text as Go counts runes. */
export function runeLength(text: string): number {
  let n = 0
  for (const _ of text) {
    n++
  }
  return n
}
