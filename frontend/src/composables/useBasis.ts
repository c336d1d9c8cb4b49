import { useI18n } from 'vue-i18n'

import type { Factor } from '../api/types'
import { basisLine, basisWords, parseBasis } from '../reception/basis'

export interface Basis {
  /** words says each factor of a confidence in the window's language; question is the entry's question that matched, when known. */
  words: (factors: Factor[], question?: string) => string[]
  /** line says them in one line; '' for none. */
  line: (factors: Factor[], question?: string) => string
  /** ofArg says a decision's compact args.basis ("exact_question:1.00,model:0.93") in one line; '' for none. */
  ofArg: (arg: string | undefined) => string
}

/** useBasis words what confidences were made of for the calling component (KB-6, [3/7]). */
export function useBasis(): Basis {
  const i18n = useI18n()
  const translator = { t: (key: string, named?: Record<string, unknown>) => i18n.t(key, named ?? {}), te: (key: string) => i18n.te(key) }
  return {
    words: (factors, question = '') => basisWords(translator, factors, question),
    line: (factors, question = '') => basisLine(translator, factors, question),
    ofArg: (arg) => basisLine(translator, parseBasis(arg)),
  }
}
