// Answers and their order-status conditions (KB-2): for each order status,
// and for no status ("any"), the first answer that applies is the primary
// one and the next ones are extra recommendations, up to a limit each.
import type { Answer } from '../api/types'

/** The condition of an answer with no order status: it applies to any order, or none. */
export const anyCondition = ''

/** conditionsOf lists the conditions an answer counts under: its statuses, or "any". */
export function conditionsOf(a: Answer): string[] {
  return a.when.length === 0 ? [anyCondition] : a.when
}

/** countByCondition counts the answers under each condition. */
export function countByCondition(answers: readonly Answer[], except = -1): Map<string, number> {
  const counts = new Map<string, number>()
  answers.forEach((a, i) => {
    if (i === except) {
      return
    }
    for (const c of conditionsOf(a)) {
      counts.set(c, (counts.get(c) ?? 0) + 1)
    }
  })
  return counts
}

/** A role of an answer: its rank (0 for primary) under some conditions. */
export interface AnswerRole {
  rank: number
  conditions: string[]
}

/**
 * answerRoles tells, for each answer, what it is under each of its
 * conditions: rank 0 is the primary answer, 1 and 2 the extra ones. An
 * answer ranked the same under all its conditions has one role.
 */
export function answerRoles(answers: readonly Answer[]): AnswerRole[][] {
  const seen = new Map<string, number>()
  return answers.map((a) => {
    const roles: AnswerRole[] = []
    for (const c of conditionsOf(a)) {
      const rank = seen.get(c) ?? 0
      seen.set(c, rank + 1)
      const role = roles.find((r) => r.rank === rank)
      if (role) {
        role.conditions.push(c)
      } else {
        roles.push({ rank, conditions: [c] })
      }
    }
    return roles.sort((x, y) => x.rank - y.rank)
  })
}

/** fullConditions lists the conditions that already have max answers besides answer i. */
export function fullConditions(answers: readonly Answer[], i: number, max: number): Set<string> {
  const full = new Set<string>()
  for (const [c, n] of countByCondition(answers, i)) {
    if (n >= max) {
      full.add(c)
    }
  }
  return full
}

/** overLimit lists the conditions that have more than max answers. */
export function overLimit(answers: readonly Answer[], max: number): string[] {
  return [...countByCondition(answers)].filter(([, n]) => n > max).map(([c]) => c)
}

/**
 * insertAt puts text into value in place of the characters from start to
 * end (a selection, or the caret when equal) and returns the new value and
 * the caret after the insertion.
 */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  const a = Math.max(0, Math.min(start, value.length))
  const b = Math.max(a, Math.min(end, value.length))
  return { value: value.slice(0, a) + text + value.slice(b), caret: a + text.length }
}
