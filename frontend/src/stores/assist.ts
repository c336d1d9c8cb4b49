import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as chat from '../api/chat'
import { toAppError } from '../api/errors'
import type { AppError, Assist, Suggestion } from '../api/types'

/** How many recommended replies the panel shows. */
export const maxSuggestions = 3

/** How long the agent's typing must pause before the KB is searched, in ms. */
export const kbSearchDelay = 200

/**
 * The assist store holds what the assist panel shows: the recognised intent
 * and recommended replies for the open conversation's latest buyer message
 * (AS-2), and the KB matches for what the agent is typing.
 */
export const useAssistStore = defineStore('assist', () => {
  const conversationId = ref<number | null>(null)
  const assist = ref<Assist | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  let loadSeq = 0

  const suggestions = computed<Suggestion[]>(() => assist.value?.suggestions.slice(0, maxSuggestions) ?? [])

  /**
   * load fetches the recommendations for a conversation. Reloading the same
   * conversation keeps the current ones on screen until the new ones arrive;
   * an answer for a conversation that is no longer current is dropped.
   */
  async function load(id: number): Promise<void> {
    const seq = ++loadSeq
    if (conversationId.value !== id) {
      assist.value = null
      clearKB()
    }
    conversationId.value = id
    loading.value = true
    error.value = null
    try {
      const a = await chat.assist(id)
      if (seq === loadSeq) {
        assist.value = a
      }
    } catch (err) {
      if (seq === loadSeq) {
        error.value = toAppError(err)
      }
    } finally {
      if (seq === loadSeq) {
        loading.value = false
      }
    }
  }

  const kbQuery = ref('')
  const kbMatches = ref<Suggestion[]>([])
  const kbLoading = ref(false)
  const kbError = ref<AppError | null>(null)
  let kbSeq = 0
  let kbTimer: ReturnType<typeof setTimeout> | undefined

  /**
   * searchKB looks up a shop's KB for what the agent is typing, once the
   * typing has paused for kbSearchDelay. Blank text clears the matches at
   * once; only the answer to the latest text is kept.
   */
  function searchKB(shopId: number, text: string): void {
    clearTimeout(kbTimer)
    const seq = ++kbSeq
    const query = text.trim()
    if (query === '') {
      kbQuery.value = ''
      kbMatches.value = []
      kbLoading.value = false
      kbError.value = null
      return
    }
    kbTimer = setTimeout(async () => {
      kbLoading.value = true
      try {
        const found = await chat.searchKB(shopId, query)
        if (seq === kbSeq) {
          kbQuery.value = query
          kbMatches.value = found.slice(0, maxSuggestions)
          kbError.value = null
        }
      } catch (err) {
        if (seq === kbSeq) {
          kbMatches.value = []
          kbError.value = toAppError(err)
        }
      } finally {
        if (seq === kbSeq) {
          kbLoading.value = false
        }
      }
    }, kbSearchDelay)
  }

  /** clearKB drops the KB matches and any search still waiting. */
  function clearKB(): void {
    searchKB(0, '')
  }

  return {
    conversationId,
    assist,
    loading,
    error,
    suggestions,
    load,
    kbQuery,
    kbMatches,
    kbLoading,
    kbError,
    searchKB,
    clearKB,
  }
})
