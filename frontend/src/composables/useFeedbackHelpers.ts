import { useMessage } from 'naive-ui'
import { useI18n } from 'vue-i18n'

import { relativeTime } from '../format/time'
import { useAppStore } from '../stores/app'
import { useKBStore } from '../stores/kb'
import { useNow } from './useNow'

/**
 * useFeedbackHelpers gives the feedback screen's parts their shared words
 * and one way to open a KB entry: times ago, percentages, an entry as
 * "#12 什么时候发货", and openEntry, which shows the entry in the knowledge
 * base screen (unless the editor holds unsaved changes, which it keeps).
 */
export function useFeedbackHelpers() {
  const { t, locale } = useI18n()
  const app = useAppStore()
  const kb = useKBStore()
  const message = useMessage()
  const now = useNow()

  function when(iso: string): string {
    return relativeTime(iso, now.value, locale.value, {
      justNow: t('time.justNow'),
      yesterday: (time) => t('time.yesterday', { time }),
    })
  }

  function percent(x: number): string {
    return `${Math.round(x * 1000) / 10}%`
  }

  function entry(id: number, question: string): string {
    return question ? t('feedback.entryRef', { id, question }) : t('feedback.entryGone', { id })
  }

  function openEntry(shopId: number, id: number): void {
    app.show('kb')
    if (kb.dirty) {
      message.warning(t('nav.unsaved'))
      return
    }
    kb.setShop(shopId)
    void kb.open(id)
  }

  return { t, when, percent, entry, openEntry }
}
