// What a change did to an entry (KB-7): the fields that differ between its
// before and after.
import type { Answer, Entry } from '../api/types'

/** A plain field of an entry that a change can set. */
export type ScalarField = 'question' | 'category' | 'intent' | 'enabled' | 'neverAuto' | 'operations'

export type DiffRow =
  | { kind: 'field'; field: ScalarField; before: Entry[ScalarField] | null; after: Entry[ScalarField] | null }
  | { kind: 'similar'; added: string[]; removed: string[] }
  | { kind: 'answer'; index: number; before: Answer | null; after: Answer | null }

const scalarFields: ScalarField[] = ['question', 'category', 'intent', 'enabled', 'neverAuto', 'operations']

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * diffEntries lists what differs from before to after, field by field.
 * Either may be null: a creation has no before, a deletion no after; then
 * every field that has a value is listed. Similar questions are compared as
 * sets, answers position by position.
 */
export function diffEntries(before: Entry | null, after: Entry | null): DiffRow[] {
  const rows: DiffRow[] = []
  for (const field of scalarFields) {
    const b = before ? before[field] : null
    const a = after ? after[field] : null
    if (!same(b, a) && !(isEmpty(b) && isEmpty(a))) {
      rows.push({ kind: 'field', field, before: b, after: a })
    }
  }
  const bs = before?.similar ?? []
  const as = after?.similar ?? []
  const added = as.filter((s) => !bs.includes(s))
  const removed = bs.filter((s) => !as.includes(s))
  if (added.length > 0 || removed.length > 0) {
    rows.push({ kind: 'similar', added, removed })
  }
  const ba = before?.answers ?? []
  const aa = after?.answers ?? []
  for (let i = 0; i < Math.max(ba.length, aa.length); i++) {
    const b = ba[i] ?? null
    const a = aa[i] ?? null
    if (!same(b, a)) {
      rows.push({ kind: 'answer', index: i, before: b, after: a })
    }
  }
  return rows
}

/** isEmpty: nothing worth listing, so that a creation does not list "never auto: no". */
function isEmpty(v: unknown): boolean {
  return v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0)
}
