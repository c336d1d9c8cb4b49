import { defineStore } from 'pinia'
import { ref } from 'vue'

import { toAppError } from '../api/errors'
import * as phrasesApi from '../api/phrases'
import type { Inserted, QuickPhrase } from '../api/phrases'
import type { AppError } from '../api/types'
import { useAgentsStore } from './agents'

/** The fields of a phrase the agent edits. */
export type PhraseDraft = Pick<QuickPhrase, 'id' | 'shopId' | 'personal' | 'group' | 'text'>

/**
 * The phrases store holds the quick phrases (CV-3) of the shops the agent
 * has looked at, for the agent at the desk: the shop's and its own. Lists are
 * kept per agent and shop, so switching agents never shows another's.
 */
export const usePhrasesStore = defineStore('phrases', () => {
  const agents = useAgentsStore()
  /** Phrases by `${agentId}:${shopId}`. */
  const lists = ref<Record<string, QuickPhrase[]>>({})
  const loading = ref(false)
  const loadError = ref<AppError | null>(null)
  const pending = new Map<string, Promise<void>>()

  function key(shopId: number): string {
    return `${agents.currentId}:${shopId}`
  }

  /** phrases returns the phrases of a shop known so far (none before load). */
  function phrases(shopId: number): QuickPhrase[] {
    return lists.value[key(shopId)] ?? []
  }

  /** loaded tells whether a shop's phrases are known. */
  function loaded(shopId: number): boolean {
    return key(shopId) in lists.value
  }

  /** load fetches a shop's phrases; it never rejects (see loadError). Concurrent calls share a fetch. */
  function load(shopId: number): Promise<void> {
    const k = key(shopId)
    let p = pending.get(k)
    if (p === undefined) {
      p = (async () => {
        loading.value = true
        loadError.value = null
        try {
          await agents.ensureLoaded()
          lists.value[key(shopId)] = await phrasesApi.list(shopId)
        } catch (err) {
          loadError.value = toAppError(err)
        } finally {
          loading.value = false
          pending.delete(k)
        }
      })()
      pending.set(k, p)
    }
    return p
  }

  /** ensureLoaded loads a shop's phrases unless they are known. */
  function ensureLoaded(shopId: number): Promise<void> {
    return loaded(shopId) ? Promise.resolve() : load(shopId)
  }

  /** save creates or updates a phrase; it rejects with an AppError and then changes nothing. */
  async function save(d: PhraseDraft): Promise<QuickPhrase> {
    const saved = await phrasesApi.save(d)
    await load(saved.shopId)
    return saved
  }

  /** remove deletes a phrase; it rejects with an AppError. */
  async function remove(p: QuickPhrase): Promise<void> {
    await phrasesApi.remove(p.id)
    const k = key(p.shopId)
    lists.value[k] = (lists.value[k] ?? []).filter((x) => x.id !== p.id)
  }

  /** render fills a phrase's variables for a conversation and counts the use; it rejects with an AppError. */
  async function render(p: QuickPhrase, conversationId: number): Promise<Inserted> {
    const r = await phrasesApi.use(p.id, conversationId)
    const list = lists.value[key(p.shopId)]
    const known = list?.find((x) => x.id === p.id)
    if (known !== undefined) {
      known.uses++
    }
    return r
  }

  /** canEdit tells whether the agent at the desk may change a phrase: its own, or any as an owner. */
  function canEdit(p: Pick<QuickPhrase, 'personal'>): boolean {
    return p.personal || agents.current?.role === 'owner'
  }

  return { lists, loading, loadError, phrases, loaded, load, ensureLoaded, save, remove, render, canEdit }
})
