import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'

import { toAppError } from '../api/errors'
import * as api from '../api/feedback'
import type { AcceptProposal, FeedbackCounts, Proposal, ReportInput, ReviewItem } from '../api/feedbackTypes'
import type { AppError, Entry } from '../api/types'
import { useAppStore } from './app'

/** The tabs of the feedback screen. */
export const feedbackTabs = ['proposals', 'unanswered', 'review', 'replay'] as const
export type FeedbackTab = (typeof feedbackTabs)[number]

/** How many proposals or review items a page brings. */
export const feedbackPage = 20

/**
 * A paged list of the feedback screen: its status filter, the rows loaded,
 * the total, and which row is selected (for the keyboard). Only the answer
 * to the latest request is kept.
 */
function pagedList<T extends { id: number }>(status0: string, fetch: (shopId: number, status: string, offset: number) => Promise<{ items: T[]; total: number }>) {
  const status = ref(status0)
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  const selected = ref(0)
  let seq = 0

  async function load(shopId: number | null, more = false): Promise<void> {
    const mine = ++seq
    if (shopId === null) {
      items.value = []
      total.value = 0
      return
    }
    loading.value = true
    try {
      const p = await fetch(shopId, status.value, more ? items.value.length : 0)
      if (mine === seq) {
        items.value = more ? [...items.value, ...p.items] : p.items
        total.value = p.total
        error.value = null
        selected.value = Math.min(selected.value, Math.max(0, items.value.length - 1))
      }
    } catch (err) {
      if (mine === seq) {
        error.value = toAppError(err)
      }
    } finally {
      if (mine === seq) {
        loading.value = false
      }
    }
  }

  /** drop takes a row out at once (decided), before the list is read again. */
  function drop(id: number): void {
    const before = items.value.length
    items.value = items.value.filter((x) => x.id !== id)
    total.value = Math.max(0, total.value - (before - items.value.length))
    selected.value = Math.min(selected.value, Math.max(0, items.value.length - 1))
  }

  function move(by: number): void {
    if (items.value.length > 0) {
      selected.value = Math.min(items.value.length - 1, Math.max(0, selected.value + by))
    }
  }

  return reactive({ status, items, total, loading, error, selected, load, drop, move })
}

/** A paged list of the feedback screen (see pagedList). */
export type PagedList<T extends { id: number }> = ReturnType<typeof pagedList<T>>

/**
 * The feedback store holds the feedback screen's shop and tab, what waits
 * (pending proposals, open review items), the proposals (FB-1, FB-4) and the
 * review queue (FB-3), and sends agents' reports of suggestions.
 */
export const useFeedbackStore = defineStore('feedback', () => {
  const app = useAppStore()

  /** The shop the screen shows; the first shop until one is picked. */
  const picked = ref<number | null>(null)
  const shopId = computed<number | null>(() => picked.value ?? app.shops[0]?.id ?? null)
  const tab = ref<FeedbackTab>('proposals')
  const counts = ref<FeedbackCounts>({ proposals: 0, review: 0 })

  const proposals = pagedList<Proposal>('pending', (shop, status, offset) => api.proposals(shop, status, offset, feedbackPage))
  const review = pagedList<ReviewItem>('open', (shop, status, offset) => api.reviewItems(shop, status, offset, feedbackPage))
  /** Proposals and review items being decided, by ID: their buttons wait. */
  const busy = ref<Set<number>>(new Set())

  function setShop(id: number): void {
    picked.value = id
  }

  function setTab(t: FeedbackTab): void {
    tab.value = t
  }

  let countSeq = 0
  async function loadCounts(): Promise<void> {
    const mine = ++countSeq
    const id = shopId.value
    if (id === null) {
      return
    }
    try {
      const c = await api.counts(id)
      if (mine === countSeq) {
        counts.value = c
      }
    } catch {
      // The badge waits for the next change.
    }
  }

  /** reload reads the counts and both lists again. */
  function reload(): Promise<void> {
    return Promise.all([loadCounts(), proposals.load(shopId.value), review.load(shopId.value)]).then(() => undefined)
  }

  /** changed handles feedback:changed (and kb:changed) for a shop. */
  function changed(id: number): void {
    if (id === shopId.value) {
      void reload()
    }
  }

  watch(shopId, () => {
    proposals.selected = 0
    review.selected = 0
    void reload()
  })

  async function decide<T>(id: number, work: () => Promise<T>): Promise<T> {
    busy.value = new Set([...busy.value, id])
    try {
      return await work()
    } finally {
      const next = new Set(busy.value)
      next.delete(id)
      busy.value = next
    }
  }

  /**
   * accept applies a proposal (as it is, or edited) to the KB and returns the
   * entry it changed. It rejects with an AppError; one decided already
   * (error.feedback_decided) refreshes the list.
   */
  async function accept(req: AcceptProposal): Promise<Entry> {
    try {
      const r = await decide(req.id, () => api.acceptProposal(req))
      proposals.drop(req.id)
      counts.value = { ...counts.value, proposals: Math.max(0, counts.value.proposals - 1) }
      return r.entry
    } catch (err) {
      if (toAppError(err).key === 'error.feedback_decided') {
        void reload()
      }
      throw err
    }
  }

  /** reject rejects a proposal: it is never proposed again. It rejects with an AppError. */
  async function reject(id: number): Promise<void> {
    await decide(id, () => api.rejectProposal(id))
    proposals.drop(id)
    counts.value = { ...counts.value, proposals: Math.max(0, counts.value.proposals - 1) }
  }

  /** fix closes a review item as fixed, giving its entry a new primary answer when answer is not blank. */
  async function fix(id: number, answer = ''): Promise<void> {
    await decide(id, () => api.fixReview(id, answer))
    review.drop(id)
    counts.value = { ...counts.value, review: Math.max(0, counts.value.review - 1) }
  }

  /** dismiss closes a review item with nothing to fix. */
  async function dismiss(id: number): Promise<void> {
    await decide(id, () => api.dismissReview(id))
    review.drop(id)
    counts.value = { ...counts.value, review: Math.max(0, counts.value.review - 1) }
  }

  /** report sends an agent's "this suggestion is wrong" to the review queue (FB-3). */
  async function report(input: ReportInput): Promise<ReviewItem> {
    return api.report(input)
  }

  const waiting = computed(() => counts.value.proposals + counts.value.review)

  return {
    shopId,
    tab,
    counts,
    waiting,
    proposals,
    review,
    busy,
    setShop,
    setTab,
    loadCounts,
    reload,
    changed,
    accept,
    reject,
    fix,
    dismiss,
    report,
  }
})
