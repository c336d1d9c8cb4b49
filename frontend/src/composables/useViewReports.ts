import { onBeforeUnmount, onMounted, watch } from 'vue'

import { useWindowViewStore, viewReportInterval } from '../stores/windowView'

/**
 * useViewReports tells the server what the window shows (AS-5) while the
 * calling component is mounted: at once when the open conversation or the
 * window's focus or visibility changes, and every viewReportInterval ms so
 * the report (which holds 6 s) stays fresh. Each window reports under its
 * own id. On unmount it stops, and says the window shows nothing.
 */
export function useViewReports(): void {
  const view = useWindowViewStore()
  let timer: ReturnType<typeof setInterval> | undefined

  const onFocus = () => view.sense()
  const onBlur = () => view.setFocused(false)
  const onVisibility = () => view.sense()

  onMounted(() => {
    window.addEventListener('focus', onFocus)
    window.addEventListener('blur', onBlur)
    document.addEventListener('visibilitychange', onVisibility)
    view.sense()
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
    clearInterval(timer)
    timer = undefined
    void view.leave()
  })
}
