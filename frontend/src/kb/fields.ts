// What the editor sends to SaveEntry, and where the backend's field errors
// belong in the form.
import type { Entry, FieldError } from '../api/types'

/**
 * Payload is an entry ready to save, normalised as the backend normalises
 * it, with where each of its similar questions and answers sits in the form:
 * similarAt[k] is the chip that became similar[k], answerAt[k] the answer
 * card that became answers[k].
 */
export interface Payload {
  entry: Entry
  similarAt: number[]
  answerAt: number[]
}

/**
 * toPayload trims the texts, drops blank and repeated similar questions (and
 * those equal to the standard question) and blank answers, as the backend's
 * NormalizeEntry does. Sending what the backend would keep makes the indexes
 * of its field errors those of the payload, which similarAt and answerAt map
 * back to the form.
 */
export function toPayload(draft: Entry): Payload {
  const question = draft.question.trim()
  const seen = new Set([question])
  const similar: string[] = []
  const similarAt: number[] = []
  draft.similar.forEach((s, i) => {
    const t = s.trim()
    if (t !== '' && !seen.has(t)) {
      seen.add(t)
      similar.push(t)
      similarAt.push(i)
    }
  })
  const answers: Entry['answers'] = []
  const answerAt: number[] = []
  draft.answers.forEach((a, i) => {
    const text = a.text.trim()
    if (text !== '') {
      answers.push({ text, when: [...a.when] })
      answerAt.push(i)
    }
  })
  return {
    entry: { ...draft, question, similar, answers, operations: [...draft.operations], intent: draft.intent.trim() },
    similarAt,
    answerAt,
  }
}

const fieldPattern = /^([a-zA-Z]+)(?:\[(\d+)\])?(?:\.([a-zA-Z]+))?$/

/** A field of the form: a group ("question", "similar", "answers"…), an index in it, a part of that item. */
export interface FieldPath {
  group: string
  index: number | null
  part: string
}

/** parseField reads "answers[1].text" as {group: "answers", index: 1, part: "text"}. */
export function parseField(field: string): FieldPath {
  const m = fieldPattern.exec(field)
  if (m === null) {
    return { group: field, index: null, part: '' }
  }
  return { group: m[1] ?? field, index: m[2] === undefined ? null : Number(m[2]), part: m[3] ?? '' }
}

export function formatField(p: FieldPath): string {
  return `${p.group}${p.index === null ? '' : `[${p.index}]`}${p.part === '' ? '' : `.${p.part}`}`
}

/** toFormFields rewrites the indexes of field errors from the payload's to the form's. */
export function toFormFields(errors: readonly FieldError[], payload: Payload): FieldError[] {
  return errors.map((e) => {
    const p = parseField(e.field)
    const at = p.group === 'similar' ? payload.similarAt : p.group === 'answers' ? payload.answerAt : null
    if (at === null || p.index === null) {
      return e
    }
    return { ...e, field: formatField({ ...p, index: at[p.index] ?? p.index }) }
  })
}

/** sameEntry tells whether two entries have the same content, what a save would change. */
export function sameEntry(a: Entry, b: Entry): boolean {
  return contentKey(a) === contentKey(b)
}

function contentKey(e: Entry): string {
  return JSON.stringify([e.question, e.similar, e.answers.map((a) => [a.text, a.when]), e.category, e.intent, e.enabled, e.operations, e.neverAuto])
}

/** cloneEntry copies an entry's fields (not the list's stats) deeply enough to edit the copy. */
export function cloneEntry(e: Entry): Entry {
  return {
    id: e.id,
    shopId: e.shopId,
    question: e.question,
    similar: [...e.similar],
    answers: e.answers.map((a) => ({ text: a.text, when: [...a.when] })),
    category: e.category,
    intent: e.intent,
    enabled: e.enabled,
    operations: [...e.operations],
    neverAuto: e.neverAuto,
    version: e.version,
    updatedAt: e.updatedAt,
    updatedBy: e.updatedBy,
  }
}

/** blankEntry is a new entry of a shop. */
export function blankEntry(shopId: number, category: string): Entry {
  return {
    id: 0,
    shopId,
    question: '',
    similar: [],
    answers: [{ text: '', when: [] }],
    category,
    intent: '',
    enabled: true,
    operations: [],
    neverAuto: false,
    version: 0,
    updatedAt: '',
    updatedBy: '',
  }
}
