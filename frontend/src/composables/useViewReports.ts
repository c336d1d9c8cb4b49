import { onBeforeUnmount, onMounted, watch } from 'vue'

import { onViewClaimed, type Unsubscribe } from '../api/events'
import { useWindowViewStore, viewReportInterval } from '../stores/windowView'

/**
 * useViewReports tells the server what the window shows (AS-5) while the
 * calling component is mounted: at once when the open conversation or the
 * window's focus or visibility changes, and every viewReportInterval ms so
 * the report (which holds 6 s) stays fresh. Using the window (a click, a
 * key, the focus) claims the agent's view from the desk's other windows, if
 * any. On unmount it stops, and says the window shows nothing.
 */
export function useViewReports(): void {
  const view = useWindowViewStore()
  let timer: ReturnType<typeof setInterval> | undefined
  let stopClaims: Unsubscribe | undefined

  const onFocus = () => {
    view.sense()
    if (view.focused) {
      view.claim()
    }
  }
  const onBlur = () => view.setFocused(false)
  const onVisibility = () => view.sense()
  const onUse = () => view.claim()

  onMounted(() => {
    window.addEventListener('focus', onFocus)
    window.addEventListener('blur', onBlur)
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pointerdown', onUse, { capture: true, passive: true })
    window.addEventListener('keydown', onUse, { capture: true, passive: true })
    stopClaims = onViewClaimed(view.claimed)
    view.sense()
    view.claim()
    void view.report()
    timer = setInterval(() => void view.report(), viewReportInterval)
  })

  watch(
    () => [view.conversationId, view.focused] as const,
    () => void view.report(),
  )

  onBeforeUnmount(() => {
    window.removeEventListener('focus', onFocus)
    window.removeEventListener('blur', onBlur)
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('pointerdown', onUse, { capture: true })
    window.removeEventListener('keydown', onUse, { capture: true })
    stopClaims?.()
    stopClaims = undefined
    clearInterval(timer)
    timer = undefined
    void view.leave()
  })
}
