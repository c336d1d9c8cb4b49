import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

import { toAppError } from '../api/errors'
import * as kb from '../api/kb'
import type { AppError, HitTestResult } from '../api/types'
import { useKBStore } from './kb'
import { latest } from './latest'

/** How long typing in the hit-test box must pause before the test runs, in ms. */
export const hitTestDelay = 300

/**
 * The hit-test store answers "what would the bot answer to this?" (KB-6) for
 * the shop the KB editor shows. The test runs again whenever that shop or its
 * KB changes (a save, a rollback, an import), so a saved change shows at once.
 */
export const useKBHitTestStore = defineStore('kbHitTest', () => {
  const editor = useKBStore()

  const text = ref('')
  const results = ref<HitTestResult[]>([])
  /** The text the results answer; '' before any test. */
  const query = ref('')
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  const tests = latest()
  let timer: ReturnType<typeof setTimeout> | undefined

  /** setText tests a sentence once the typing pauses for hitTestDelay. */
  function setText(t: string): void {
    text.value = t
    clearTimeout(timer)
    timer = setTimeout(() => void run(), hitTestDelay)
  }

  /**
   * run tests the text at once against the shown shop. Blank text clears the
   * results; only the answer to the latest test is kept.
   */
  async function run(): Promise<void> {
    clearTimeout(timer)
    const ticket = tests.next()
    const shopId = editor.shopId
    if (text.value.trim() === '' || shopId === null) {
      results.value = []
      query.value = ''
      error.value = null
      loading.value = false
      return
    }
    loading.value = true
    try {
      const r = await kb.hitTest(shopId, text.value)
      if (ticket.current()) {
        results.value = r
        query.value = text.value
        error.value = null
      }
    } catch (err) {
      if (ticket.current()) {
        results.value = []
        error.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        loading.value = false
      }
    }
  }

  watch(
    () => editor.shopId,
    () => {
      results.value = []
      query.value = ''
    },
  )
  watch(() => [editor.shopId, editor.revision] as const, () => void run())

  return { text, results, query, loading, error, setText, run }
})
