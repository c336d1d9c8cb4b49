// Importing a sensitive-word file (RB-10): the file is read in the browser
// and sent as text through ImportSensitiveWords. Dev mode's bridge drops
// messages over about 64 KB, so a large file goes in pieces of whole lines,
// each under maxPieceBytes of UTF-8: several calls, each adding its words to
// the shop's list as it is saved.
import { importSensitiveWords, type ShopSettingsView } from '../api/reception'
import { robotLimits } from './robotForm'

/** The most UTF-8 bytes of one piece: under the bridge's ~64 KB with room for JSON escapes. */
export const maxPieceBytes = 40 * 1024

/** The largest file read at all (10,000 words of 50 characters fit well under it). */
export const maxFileBytes = 4 * 1024 * 1024

const encoder = new TextEncoder()

/**
 * pieces splits a word list into pieces of whole lines, each at most
 * maxBytes of UTF-8 (a single longer line is a piece of its own: the
 * backend refuses it, saying why). A BOM and blank lines are dropped.
 */
export function pieces(text: string, maxBytes = maxPieceBytes): string[] {
  const out: string[] = []
  let cur: string[] = []
  let size = 0
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line.trim() === '') {
      continue
    }
    const n = encoder.encode(line).length + 1
    if (cur.length > 0 && size + n > maxBytes) {
      out.push(cur.join('\n'))
      cur = []
      size = 0
    }
    cur.push(line)
    size += n
  }
  if (cur.length > 0) {
    out.push(cur.join('\n'))
  }
  return out
}

/** countWords counts the words of a list roughly as the backend reads it: the first column of each line, # lines skipped, repeats once. */
export function countWords(text: string): number {
  const seen = new Set<string>()
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const first = (line.split(',')[0] ?? '').replace(/^"|"$/g, '').trim()
    if (first !== '' && !first.startsWith('#')) {
      seen.add(first)
    }
  }
  return seen.size
}

/** decodeText reads a file's bytes as UTF-8; null when they are not UTF-8 text. */
export function decodeText(bytes: ArrayBuffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** TooManyWords: the file's words and the shop's together pass the limit; nothing was sent. */
export class TooManyWords extends Error {
  constructor(readonly words: number) {
    super('too many words')
  }
}

export class ImportStopped extends Error {
  constructor(
    /** The piece that failed, 1-based, and how many there were. */
    readonly done: number,
    readonly total: number,
    readonly cause: unknown,
  ) {
    super('import stopped')
  }
}

/**
 * importWordList sends a word list to a shop in pieces, one call each, and
 * returns the settings after the last. It throws TooManyWords before sending
 * anything when the list and the shop's words together pass the limit, and
 * an ImportStopped naming the piece when one is refused (the pieces before
 * it are saved). onPiece is told before each piece is sent.
 */
export async function importWordList(
  shopId: number,
  text: string,
  had: number,
  onPiece: (done: number, total: number) => void = () => {},
): Promise<ShopSettingsView> {
  const words = countWords(text)
  if (words === 0) {
    throw new Error('empty')
  }
  if (had + words > robotLimits.maxSensitiveWords) {
    throw new TooManyWords(words)
  }
  const list = pieces(text)
  let last: ShopSettingsView | null = null
  for (const [i, piece] of list.entries()) {
    onPiece(i + 1, list.length)
    try {
      last = await importSensitiveWords(shopId, piece)
    } catch (err) {
      if (list.length === 1) {
        throw err
      }
      throw new ImportStopped(i + 1, list.length, err)
    }
  }
  return last!
}
