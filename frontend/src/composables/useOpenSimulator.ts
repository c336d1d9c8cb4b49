import { useMessage } from 'naive-ui'
import { useI18n } from 'vue-i18n'

import { errorText } from '../i18n'
import { useAppStore } from '../stores/app'

/** useOpenSimulator returns an action that opens the buyer simulator and reports a failure. */
export function useOpenSimulator(): () => Promise<void> {
  const { t } = useI18n()
  const message = useMessage()
  const app = useAppStore()
  return async () => {
    try {
      await app.openSimulator()
    } catch (err) {
      message.error(t('top.simulatorFailed', { reason: errorText(err) }))
    }
  }
}
