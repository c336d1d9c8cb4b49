// What a confidence was made of, in words (KB-6, [3/7]): the hit test's
// basis and a decision's args.basis ("exact_question:1.00,model:0.93,…"),
// keyed as engine.Factor documents them.
import type { Factor } from '../api/types'
import type { Translator } from './reasons'

/**
 * parseBasis reads a decision's compact basis ("exact_question:1.00,
 * model:0.93") into factors, in order; pieces that are not key:number are
 * skipped, and '' gives none.
 */
export function parseBasis(arg: string | undefined): Factor[] {
  if (!arg) {
    return []
  }
  const out: Factor[] = []
  for (const piece of arg.split(',')) {
    const at = piece.lastIndexOf(':')
    const key = piece.slice(0, at).trim()
    const value = Number(piece.slice(at + 1))
    if (at > 0 && key !== '' && /^[a-z_]+$/.test(key) && piece.slice(at + 1).trim() !== '' && Number.isFinite(value)) {
      out.push({ key, value })
    }
  }
  return out
}

/** Below this share of known words a message is likely about something else. */
export const lowKnown = 0.5

const two = (v: number) => v.toFixed(2)
const percent = (v: number) => String(Math.round(Math.min(1, Math.max(0, v)) * 100))

/**
 * factorWords says one factor in the window's language: "与问法「你好」完全
 * 一致", "本店模型估计 0.93", "领先第二名 0.40". question is the entry's
 * question that matched (the hit test knows it; a decision does not). A
 * key this window does not know is said as it is, with its value.
 */
export function factorWords(i18n: Translator, f: Factor, question = ''): string {
  const { t } = i18n
  switch (f.key) {
    case 'exact_question':
      return question !== '' ? t('basis.exact_question', { question }) : t('basis.exact_question_any')
    case 'model':
    case 'prior':
    case 'match':
    case 'neighbours':
      return t(`basis.${f.key}`, { value: two(f.value) })
    case 'margin':
      if (Math.abs(f.value) < 0.005) {
        return t('basis.margin_tie')
      }
      return f.value > 0 ? t('basis.margin', { value: two(f.value) }) : t('basis.margin_behind', { value: two(-f.value) })
    case 'coverage':
      return t('basis.coverage', { percent: percent(f.value) })
    case 'known':
      return t(f.value < lowKnown ? 'basis.known_low' : 'basis.known', { percent: percent(f.value) })
    case 'votes':
      return t('basis.votes', { n: Math.round(Math.min(1, Math.max(0, f.value)) * 10) })
  }
  return t('basis.other', { key: f.key, value: two(f.value) })
}

/** basisWords says every factor, in order. */
export function basisWords(i18n: Translator, factors: Factor[], question = ''): string[] {
  return factors.map((f) => factorWords(i18n, f, question))
}

/** basisLine says every factor in one line, joined by the language's separator; '' for none. */
export function basisLine(i18n: Translator, factors: Factor[], question = ''): string {
  return basisWords(i18n, factors, question).join(i18n.t('basis.separator'))
}
