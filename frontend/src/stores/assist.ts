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

  // ——— The LLM's reordering (LM-2) and draft (LM-3): they never hold anything up ———

  const llm = useLLMStore()
  /** The LLM is reordering the shown suggestions, and its time is not up. */
  const reranking = ref(false)
  let rerankTimer: ReturnType<typeof setTimeout> | undefined
  /**
   * The LLM is drafting a reply from the shown suggestions: one push ends
   * it, with the draft or without. Past its time budget (and the grace) the
   * panel stops saying so even if no push came.
   */
  const drafting = ref(false)
  let draftTimer: ReturnType<typeof setTimeout> | undefined
  /** A push that came while its assist was still loading: it carries all that arrived so far. */
  let early: Assist | null = null

  function stopReranking(): void {
    clearTimeout(rerankTimer)
    reranking.value = false
  }

  function stopDrafting(): void {
    clearTimeout(draftTimer)
    drafting.value = false
  }

  /** waitFor says the LLM is at work (rerank or draft) until its budget and the grace are up. */
  function waitFor(flag: typeof reranking, set: (t: ReturnType<typeof setTimeout>) => void): void {
    flag.value = true
    llm.ensureLoaded()
    set(
      setTimeout(() => {
        flag.value = false
      }, llm.budgetMs() + rerankGrace),
    )
  }

  /** show puts an assist on screen, with what the LLM already pushed for it. */
  function show(a: Assist): void {
    stopReranking()
    stopDrafting()
    const ahead = early
    early = null
    const next =
      (a.reranking || a.drafting) && ahead !== null && ahead.conversationId === a.conversationId && ahead.messageId === a.messageId
        ? ahead
        : a
    assist.value = next
    if (next.reranking) {
      waitFor(reranking, (t) => (rerankTimer = t))
    }
    if (next.drafting) {
      waitFor(drafting, (t) => (draftTimer = t))
    }
  }

  /**
   * updated handles the assist:updated event: the LLM's order of the shown
   * conversation's buyer message, or its draft, replaces what is on screen
   * (each push carries all that arrived so far; the agent's reply box is not
   * touched). A push for another conversation or an older message is dropped.
   */
  function updated(a: Assist): void {
    if (a.conversationId !== conversationId.value) {
      return
    }
    const shown = assist.value
    if (shown !== null && shown.conversationId === a.conversationId && shown.messageId === a.messageId) {
      if (!a.reranking) {
        stopReranking()
      }
      if (!a.drafting) {
        stopDrafting()
      }
      assist.value = { ...a, reranking: a.reranking && reranking.value, drafting: a.drafting && drafting.value }
      return
    }
    if (loading.value) {
      early = a
    }
  }

  /**
   * nothingFits: even the best suggestion is below the send floor, so none
   * is offered for one-click sending ([3/7]); false without suggestions.
   */
  const nothingFits = computed(() => {
    const a = assist.value
    if (a === null || a.suggestions.length === 0 || a.sendFloor <= 0) {
      return false
    }
    return Math.max(...a.suggestions.map((s) => s.confidence)) < a.sendFloor
  })

  /** sendable tells whether a suggestion may go in one click: at or above the send floor. */
  function sendable(s: Suggestion): boolean {
    const floor = assist.value?.sendFloor ?? 0
    return s.confidence >= floor
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
      stopDrafting()
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
    drafting,
    nothingFits,
    sendable,
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
