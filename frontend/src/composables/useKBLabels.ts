import { useI18n } from 'vue-i18n'

import { parseField } from '../kb/fields'

/** The labels of the KB's keys; a key the window has no label for is shown as it is. */
export interface KBLabels {
  category: (key: string) => string
  intent: (key: string) => string
  status: (key: string) => string
  operation: (key: string) => string
  /** variable labels "buyer.name" as 买家昵称. */
  variable: (name: string) => string
  action: (key: string) => string
  /** fieldError says what is wrong with a field: error.<key> translated, else the English detail. */
  fieldError: (key: string, detail: string) => string
  /** field names a part of an entry: "answers[1].text" as 答案 2. */
  field: (field: string) => string
}

const fieldNames: Record<string, string> = {
  question: 'kb.field.question',
  similar: 'kb.field.similar',
  answers: 'kb.field.answers',
  category: 'kb.field.category',
  intent: 'kb.field.intent',
  operations: 'kb.field.operations',
}

export function useKBLabels(): KBLabels {
  const { t, te } = useI18n()
  const label = (prefix: string) => (key: string) => (key !== '' && te(`${prefix}.${key}`) ? t(`${prefix}.${key}`) : key)
  return {
    category: label('category'),
    intent: label('intent'),
    status: label('orderStatus'),
    operation: label('operation'),
    variable: label('variable'),
    action: label('kb.history.action'),
    fieldError: (key, detail) => (key !== '' && te(`error.${key}`) ? t(`error.${key}`) : detail),
    field: (field) => {
      const p = parseField(field)
      if (p.group === 'similar' && p.index !== null) {
        return t('kb.field.similarN', { n: p.index + 1 })
      }
      if (p.group === 'answers' && p.index !== null) {
        return p.part === 'when' ? t('kb.field.answerWhenN', { n: p.index + 1 }) : t('kb.field.answerN', { n: p.index + 1 })
      }
      const name = fieldNames[p.group]
      return name === undefined ? field : t(name)
    },
  }
}
