import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'

import { toAppError } from '../api/errors'
import * as api from '../api/feedback'
import type { AnalysisStatus, GroupAction, JobEvent, Overlap, QuestionGroup } from '../api/feedbackTypes'
import type { AppError, Entry } from '../api/types'
import { useFeedbackStore } from './feedback'

/** How many groups a page brings. */
export const groupPage = 10

/**
 * The unanswered store holds the feedback screen's analysis of the shop's
 * unanswered questions (FB-2): the background job, the groups (paged) and
 * the overlapping entries, and turns a group into KB questions or sets it
 * aside.
 */
export const useUnansweredStore = defineStore('unanswered', () => {
  const feedback = useFeedbackStore()

  const status = ref<AnalysisStatus | null>(null)
  const groups = shallowRef<QuestionGroup[]>([])
  const total = ref(0)
  const overlaps = shallowRef<Overlap[]>([])
  const overlapTotal = ref(0)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  /** Groups being applied or dismissed, by key. */
  const busy = ref<Set<string>>(new Set())
  let seq = 0

  /** load reads the analysis's state and, once one finished, its first pages. */
  async function load(): Promise<void> {
    const mine = ++seq
    const shop = feedback.shopId
    if (shop === null) {
      return
    }
    loading.value = true
    try {
      const st = await api.analysis(shop)
      const [g, o] = st.ready
        ? await Promise.all([api.groups(shop, 0, groupPage), api.overlaps(shop, 0, 50)])
        : [{ items: [], total: 0 }, { items: [], total: 0 }]
      if (mine === seq) {
        status.value = st
        groups.value = g.items
        total.value = g.total
        overlaps.value = o.items
        overlapTotal.value = o.total
        error.value = null
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

  async function more(): Promise<void> {
    const shop = feedback.shopId
    if (shop === null) {
      return
    }
    const mine = seq
    const g = await api.groups(shop, groups.value.length, groupPage)
    if (mine === seq) {
      groups.value = [...groups.value, ...g.items]
      total.value = g.total
    }
  }

  /** start starts an analysis in the background; its progress comes as job events. */
  async function start(): Promise<void> {
    const shop = feedback.shopId
    if (shop === null) {
      return
    }
    const job = await api.startAnalysis(shop)
    status.value = { ...(status.value ?? { ready: false, messages: 0, groups: 0, overlaps: 0, at: '' }), job }
  }

  async function cancel(): Promise<void> {
    if (feedback.shopId !== null) {
      await api.cancelAnalysis(feedback.shopId)
    }
  }

  /** job handles a feedback:job event of an analysis: progress, and the result once it ends. */
  function job(e: JobEvent): void {
    if (e.kind !== 'analysis' || e.shopId !== feedback.shopId) {
      return
    }
    if (status.value !== null) {
      status.value = { ...status.value, job: e }
    }
    if (e.state !== 'running') {
      void load()
    }
  }

  function without(key: string): void {
    const before = groups.value.length
    groups.value = groups.value.filter((g) => g.key !== key)
    total.value = Math.max(0, total.value - (before - groups.value.length))
  }

  async function withBusy<T>(key: string, work: () => Promise<T>): Promise<T> {
    busy.value = new Set([...busy.value, key])
    try {
      return await work()
    } finally {
      const next = new Set(busy.value)
      next.delete(key)
      busy.value = next
    }
  }

  /**
   * apply turns a group's questions into similar questions of an entry
   * (entryId) or a new entry (entryId 0, with answer) and returns the entry.
   * It rejects with an AppError.
   */
  async function apply(g: QuestionGroup, action: Omit<GroupAction, 'shopId'>): Promise<Entry> {
    const shop = feedback.shopId
    if (shop === null) {
      throw toAppError(new Error('no shop'))
    }
    const e = await withBusy(g.key, () => api.applyGroup({ ...action, shopId: shop }))
    without(g.key)
    return e
  }

  /** dismiss sets a group's questions aside. It rejects with an AppError. */
  async function dismiss(g: QuestionGroup): Promise<void> {
    const shop = feedback.shopId
    if (shop === null) {
      return
    }
    await withBusy(g.key, () => api.dismissQuestions(shop, g.keys))
    without(g.key)
  }

  watch(
    () => feedback.shopId,
    () => {
      status.value = null
      groups.value = []
      overlaps.value = []
      total.value = 0
      overlapTotal.value = 0
    },
  )

  return { status, groups, total, overlaps, overlapTotal, loading, error, busy, load, more, start, cancel, job, apply, dismiss }
})
