import { onBeforeUnmount, onMounted } from 'vue'

import { onAssistUpdated, type Unsubscribe } from '../api/events'
import { useAssistStore } from '../stores/assist'

/**
 * useAssistEvents feeds assist:updated (the LLM's order of the suggestions,
 * LM-2) to the assist store while the calling component is mounted, and
 * releases the listener when it unmounts.
 */
export function useAssistEvents(): void {
  const assist = useAssistStore()
  let stop: Unsubscribe | undefined

  onMounted(() => {
    stop = onAssistUpdated(assist.updated)
  })

  onBeforeUnmount(() => {
    stop?.()
    stop = undefined
  })
}
