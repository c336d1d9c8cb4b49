import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as chat from '../api/chat'
import { toAppError } from '../api/errors'
import type { AppError, Assist, Suggestion } from '../api/types'
import { useLLMStore } from './llm'
import { latest } from './latest'

/** How many recommended replies the panel shows. */
export const maxSuggestions = 3

/** How long the agent's typing must pause before the KB is searched, in ms. */
export const kbSearchDelay = 200

/**
 * How long past the LLM's time budget the panel still says it is reordering,
 * in ms: the reordered suggestions may arrive a little after the budget. A
 * rerank that fails sends nothing, and the search order simply stands.
 */
export const rerankGrace = 1000

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
  const loads = latest()

  const suggestions = computed<Suggestion[]>(() => assist.value?.suggestions.slice(0, maxSuggestions) ?? [])

  // ——— The LLM's reordering (LM-2): it never holds anything up ———

  const llm = useLLMStore()
  /** The LLM is reordering the shown suggestions, and its time is not up. */
  const reranking = ref(false)
  let rerankTimer: ReturnType<typeof setTimeout> | undefined
  /** A reordering that came while its assist was still loading. */
  let early: Assist | null = null

  function stopReranking(): void {
    clearTimeout(rerankTimer)
    reranking.value = false
  }

  /** show puts an assist on screen, with the LLM's order if it already came. */
  function show(a: Assist): void {
    stopReranking()
    const ahead = early
    early = null
    if (a.reranking && ahead !== null && ahead.conversationId === a.conversationId && ahead.messageId === a.messageId) {
      assist.value = { ...ahead, reranking: false }
      return
    }
    assist.value = a
    if (a.reranking) {
      reranking.value = true
      llm.ensureLoaded()
      rerankTimer = setTimeout(() => {
        reranking.value = false
      }, llm.budgetMs() + rerankGrace)
    }
  }

  /**
   * updated handles the assist:updated event: the LLM's order for the shown
   * conversation's buyer message replaces the suggestions on screen (the
   * agent's draft is not touched). An order for another conversation or an
   * older message is dropped.
   */
  function updated(a: Assist): void {
    if (a.conversationId !== conversationId.value) {
      return
    }
    const shown = assist.value
    if (shown !== null && shown.conversationId === a.conversationId && shown.messageId === a.messageId) {
      stopReranking()
      assist.value = { ...a, reranking: false }
      return
    }
    if (loading.value) {
      early = a
    }
  }

  /**
   * load fetches the recommendations for a conversation. Reloading the same
   * conversation keeps the current ones on screen until the new ones arrive;
   * an answer for a conversation that is no longer current is dropped.
   */
  async function load(id: number): Promise<void> {
    const ticket = loads.next()
    if (conversationId.value !== id) {
      assist.value = null
      early = null
      stopReranking()
      clearKB()
    }
    conversationId.value = id
    loading.value = true
    error.value = null
    try {
      const a = await chat.assist(id)
      if (ticket.current()) {
        show(a)
      }
    } catch (err) {
      if (ticket.current()) {
        error.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        loading.value = false
      }
    }
  }

  const kbQuery = ref('')
  const kbMatches = ref<Suggestion[]>([])
  const kbLoading = ref(false)
  const kbError = ref<AppError | null>(null)
  const kbSearches = latest()
  let kbTimer: ReturnType<typeof setTimeout> | undefined

  /**
   * searchKB looks up a shop's KB for what the agent is typing, once the
   * typing has paused for kbSearchDelay. Blank text clears the matches at
   * once; only the answer to the latest text is kept.
   */
  function searchKB(shopId: number, text: string): void {
    clearTimeout(kbTimer)
    const ticket = kbSearches.next()
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
        if (ticket.current()) {
          kbQuery.value = query
          kbMatches.value = found.slice(0, maxSuggestions)
          kbError.value = null
        }
      } catch (err) {
        if (ticket.current()) {
          kbMatches.value = []
          kbError.value = toAppError(err)
        }
      } finally {
        if (ticket.current()) {
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
    reranking,
    load,
    updated,
    kbQuery,
    kbMatches,
    kbLoading,
    kbError,
    searchKB,
    clearKB,
  }
})
