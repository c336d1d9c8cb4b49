import { onBeforeUnmount, onMounted } from 'vue'

/**
 * useShortcut listens to keys pressed anywhere in the window while the calling
 * component is mounted. The handler returns true when it used the key, which
 * then does nothing else.
 */
export function useShortcut(handler: (e: KeyboardEvent) => boolean): void {
  const listener = (e: KeyboardEvent) => {
    if (!e.defaultPrevented && handler(e)) {
      e.preventDefault()
    }
  }
  onMounted(() => window.addEventListener('keydown', listener))
  onBeforeUnmount(() => window.removeEventListener('keydown', listener))
}

/** altOnly tells whether Alt is the only modifier held. */
export function altOnly(e: KeyboardEvent): boolean {
  return e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey
}
