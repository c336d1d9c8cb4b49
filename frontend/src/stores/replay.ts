import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'

import { toAppError } from '../api/errors'
import * as api from '../api/feedback'
import type { Disagreement, JobEvent, ReplayPoint, ReplayView } from '../api/feedbackTypes'
import type { AppError } from '../api/types'
import { useFeedbackStore } from './feedback'

/** How many disagreements a page brings. */
export const disagreementPage = 20

/** The agreement targets offered, the default first. */
export const agreementTargets = [0.95, 0.9, 0.85, 0.8, 0.98, 0.99] as const

/**
 * The replay store runs a replay of the shop's past buyer messages (FB-5)
 * in the background and holds its report: the curve, the suggested
 * threshold, the threshold picked on the curve and the disagreements there.
 */
export const useReplayStore = defineStore('replay', () => {
  const feedback = useFeedbackStore()

  // The form.
  const from = ref('')
  const to = ref('')
  const source = ref<'' | 'live' | 'import'>('')
  const target = ref<number>(agreementTargets[0])

  const view = ref<ReplayView | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  /** The threshold picked on the curve; null for the shop's when the replay ran. */
  const picked = ref<number | null>(null)
  const disagreements = shallowRef<Disagreement[]>([])
  const disagreementTotal = ref(0)
  const applying = ref(false)
  let seq = 0
  let dSeq = 0

  const report = computed(() => view.value?.report ?? null)
  const running = computed(() => view.value?.job.state === 'running')
  /** The threshold the disagreements and the selection show. */
  const threshold = computed(() => picked.value ?? report.value?.threshold ?? 0)
  const point = computed<ReplayPoint | null>(() => {
    const t = threshold.value
    return report.value?.curve.find((p) => Math.abs(p.threshold - t) < 1e-6) ?? null
  })

  /** load reads how the shop's replay stands and, once there is a report, its disagreements. */
  async function load(): Promise<void> {
    const mine = ++seq
    const shop = feedback.shopId
    if (shop === null) {
      return
    }
    loading.value = true
    try {
      const v = await api.replayStatus(shop)
      if (mine === seq) {
        view.value = v
        error.value = null
        if (v.report !== null) {
          void loadDisagreements()
        }
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

  async function loadDisagreements(more = false): Promise<void> {
    const mine = ++dSeq
    const shop = feedback.shopId
    if (shop === null || report.value === null) {
      disagreements.value = []
      disagreementTotal.value = 0
      return
    }
    const p = await api.disagreements(shop, threshold.value, more ? disagreements.value.length : 0, disagreementPage)
    if (mine === dSeq) {
      disagreements.value = more ? [...disagreements.value, ...p.items] : p.items
      disagreementTotal.value = p.total
    }
  }

  /** start starts a replay of the form's days and messages; it rejects with an AppError. */
  async function start(): Promise<void> {
    const shop = feedback.shopId
    if (shop === null) {
      return
    }
    const job = await api.startReplay({ shopId: shop, from: from.value, to: to.value, source: source.value, target: target.value })
    picked.value = null
    view.value = { ...(view.value ?? { report: null, kbChanged: false, from: '', to: '' }), job }
  }

  async function cancel(): Promise<void> {
    if (feedback.shopId !== null) {
      await api.cancelReplay(feedback.shopId)
    }
  }

  /** job handles a feedback:job event of a replay: progress, and the report once it ends. */
  function job(e: JobEvent): void {
    if (e.kind !== 'replay' || e.shopId !== feedback.shopId) {
      return
    }
    if (view.value !== null) {
      view.value = { ...view.value, job: e }
    }
    if (e.state !== 'running') {
      void load()
    }
  }

  /** kbChanged marks the report stale after a change of the shop's KB. */
  function kbChanged(shopId: number): void {
    if (shopId === feedback.shopId && view.value?.report) {
      view.value = { ...view.value, kbChanged: true }
    }
  }

  /** pick shows the curve and the disagreements at a threshold. */
  function pick(t: number): void {
    picked.value = Math.round(t * 100) / 100
    void loadDisagreements()
  }

  /**
   * apply sets the shop's threshold (assist.threshold) to t; owners only
   * (error.settings_owner_only). It rejects with an AppError.
   */
  async function apply(t: number): Promise<number> {
    const shop = feedback.shopId
    if (shop === null) {
      return t
    }
    applying.value = true
    try {
      const now = await api.setThreshold(shop, t)
      if (view.value?.report) {
        view.value = { ...view.value, report: { ...view.value.report, threshold: now } }
      }
      return now
    } finally {
      applying.value = false
    }
  }

  watch(
    () => feedback.shopId,
    () => {
      view.value = null
      picked.value = null
      disagreements.value = []
      disagreementTotal.value = 0
    },
  )

  return {
    from,
    to,
    source,
    target,
    view,
    report,
    running,
    loading,
    error,
    threshold,
    point,
    disagreements,
    disagreementTotal,
    applying,
    load,
    loadDisagreements,
    start,
    cancel,
    job,
    kbChanged,
    pick,
    apply,
  }
})
