import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { toAppError } from '../api/errors'
import * as scenarioApi from '../api/scenario'
import type { ReportRequest } from '../api/scenario'
import { reportLimits, type ScenarioReport } from '../api/scenarioView'
import type { AppError } from '../api/types'
import { useAgentsStore } from './agents'
import { latest } from './latest'

/** Why a picked file cannot go with a report, checked in the window before anything is sent; null when it can. */
export type ImageProblem = { key: 'imageType' } | { key: 'imageTooLarge'; size: number } | null

/** checkImage checks a picked image as the backend would: PNG, JPEG, GIF or WebP, at most 2 MB. */
export function checkImage(file: { type: string; size: number }): ImageProblem {
  if (!reportLimits.imageTypes.includes(file.type)) {
    return { key: 'imageType' }
  }
  if (file.size > reportLimits.maxImageBytes) {
    return { key: 'imageTooLarge', size: file.size }
  }
  return null
}

/**
 * The scenario reports store (SA-5): sends an agent's report of a problem
 * with a scenario (words and an optional image, uploaded in pieces) and
 * lists the agent's own reports of a shop, newest first.
 */
export const useScenarioReportsStore = defineStore('scenarioReports', () => {
  const agents = useAgentsStore()

  const shopId = ref<number | null>(null)
  const all = ref<ScenarioReport[]>([])
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  const sending = ref(false)
  /** How much of the image went, in [0, 1]; 0 while nothing is being sent. */
  const progress = ref(0)
  const loads = latest()

  /** The agent's own reports of the shop, newest first. */
  const mine = computed(() => all.value.filter((r) => r.agentId === agents.currentId))

  /** load reads a shop's reports; an older read answering late is dropped, a failure kept in error. */
  async function load(shop: number): Promise<void> {
    const ticket = loads.next()
    if (shopId.value !== shop) {
      all.value = []
    }
    shopId.value = shop
    loading.value = true
    error.value = null
    try {
      const list = await scenarioApi.reports(shop)
      if (ticket.current()) {
        all.value = list
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

  /**
   * submit sends a report (its image first, in pieces) and puts it first in
   * the list; it rejects with an AppError and stores nothing then.
   */
  async function submit(req: ReportRequest): Promise<ScenarioReport> {
    sending.value = true
    progress.value = 0
    try {
      const r = await scenarioApi.report(req, (sent, total) => {
        progress.value = total > 0 ? sent / total : 1
      })
      if (shopId.value === r.shopId) {
        all.value = [r, ...all.value.filter((x) => x.id !== r.id)]
      }
      return r
    } finally {
      sending.value = false
      progress.value = 0
    }
  }

  return { shopId, all, mine, loading, error, sending, progress, load, submit }
})
