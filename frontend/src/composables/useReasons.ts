import { useI18n } from 'vue-i18n'

import type { DecisionRecord } from '../api/reception'
import { reasonText } from '../reception/reasons'
import { useAgentsStore } from '../stores/agents'

export interface Reasons {
  /** reason says why a decision was made, in the window's language ("you" for the agent at this desk). */
  reason: (d: DecisionRecord) => string
  /** onBehalf says on whose behalf assist sent a reply: "代你发送", "代 小美 发送"; '' for nobody's. */
  onBehalf: (agentId: number) => string
}

/** useReasons words reception's decisions for the calling component. */
export function useReasons(): Reasons {
  const i18n = useI18n()
  const agents = useAgentsStore()
  const translator = { t: (key: string, named?: Record<string, unknown>) => i18n.t(key, named ?? {}), te: (key: string) => i18n.te(key) }

  return {
    reason: (d) => reasonText(translator, d.reason, d.outcome, d.agentId, agents.currentId),
    onBehalf: (agentId) => {
      if (agentId === 0) {
        return ''
      }
      if (agentId === agents.currentId) {
        return i18n.t('reception.onBehalfYou')
      }
      return i18n.t('reception.onBehalf', { agent: agents.name(agentId) || `#${agentId}` })
    },
  }
}
