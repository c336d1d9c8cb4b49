import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

import { sensitiveWords } from '../api/reception'

/** How long typing must pause before the draft is checked, in ms. */
export const sensitiveCheckDelay = 500

export interface SensitiveDraft {
  /** The sensitive words the draft held when last checked; none while unchecked. */
  words: Ref<string[]>
  /** The draft is held back until the agent confirms it or edits it. */
  held: Ref<boolean>
  /**
   * beforeSend checks the draft now: true when it may go (no sensitive word,
   * it was confirmed as it is, or the check itself failed); false when it
   * holds some and is held back for the agent to confirm or edit.
   */
  beforeSend: () => Promise<boolean>
  /** confirm lets this very text go despite its words. */
  confirm: () => void
  /** dismiss hides the warning (the agent goes back to edit). */
  dismiss: () => void
}

/**
 * useSensitiveDraft flags an agent's draft that holds one of the shop's
 * sensitive words before it is sent (RB-10): it checks the draft while the
 * agent types (after a pause) and again on send, where a draft with words
 * is held back until the agent confirms it or edits it.
 */
export function useSensitiveDraft(shopId: () => number | null, text: () => string): SensitiveDraft {
  const words = ref<string[]>([])
  const held = ref(false)
  let confirmed: string | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let seq = 0

  async function check(t: string): Promise<string[] | null> {
    const id = shopId()
    if (id === null || t.trim() === '') {
      return []
    }
    const mine = ++seq
    try {
      const found = (await sensitiveWords(id, t)) ?? []
      if (mine === seq) {
        words.value = found
      }
      return found
    } catch {
      return null
    }
  }

  watch(text, (t) => {
    clearTimeout(timer)
    if (t !== confirmed) {
      confirmed = null
    }
    held.value = false
    if (t.trim() === '') {
      words.value = []
      return
    }
    timer = setTimeout(() => void check(t), sensitiveCheckDelay)
  })
  watch(shopId, () => {
    words.value = []
    held.value = false
    confirmed = null
  })

  async function beforeSend(): Promise<boolean> {
    const t = text()
    if (confirmed !== null && confirmed === t) {
      return true
    }
    clearTimeout(timer)
    const found = await check(t)
    if (found === null || found.length === 0) {
      return true
    }
    held.value = true
    return false
  }

  function confirm(): void {
    confirmed = text()
    held.value = false
  }

  function dismiss(): void {
    held.value = false
  }

  onBeforeUnmount(() => clearTimeout(timer))

  return { words, held, beforeSend, confirm, dismiss }
}
