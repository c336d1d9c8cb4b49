import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/**
 * useNow returns the current time in milliseconds, refreshed every interval
 * while the component is mounted, so relative times ("3 min ago") stay true.
 */
export function useNow(interval = 30_000): Ref<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => {
      now.value = Date.now()
    }, interval)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
