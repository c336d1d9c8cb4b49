import { onBeforeUnmount, onMounted } from 'vue'

import { onKBChanged, type Unsubscribe } from '../api/events'
import { useKBStore } from '../stores/kb'

/**
 * useKBEvents feeds kb:changed to the KB store while the calling component is
 * mounted and releases the listener when it unmounts. (Import progress is
 * listened to by the import itself, for as long as it runs.)
 */
export function useKBEvents(): void {
  const kb = useKBStore()
  let stop: Unsubscribe | undefined

  onMounted(() => {
    stop = onKBChanged(kb.changed)
  })

  onBeforeUnmount(() => {
    stop?.()
    stop = undefined
  })
}
