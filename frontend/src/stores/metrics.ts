import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { toAppError } from '../api/errors'
import * as metrics from '../api/metrics'
import type { Dashboard, MetricsExportResult, MetricsFormat } from '../api/metrics'
import type { AppError } from '../api/types'
import { addDays, dateIn } from '../metrics/figures'

/** The ranges one click away, in days ending today. */
export const presets = [1, 7, 30, 90] as const

/**
 * The metrics store holds the dashboard (MT-6): the shop, agent and days
 * asked for, the figures of the last answer, and the export. A later request
 * supersedes an earlier one still on its way.
 */
export const useMetricsStore = defineStore('metrics', () => {
  const shopId = ref<number | null>(null)
  /** 0: every agent. */
  const agentId = ref(0)
  /** The days asked for ("2026-03-10"); both '' until the first answer fills them (the last 7 days). */
  const from = ref('')
  const to = ref('')
  const report = ref<Dashboard | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  let seq = 0

  const exporting = ref(false)
  const exportResult = ref<MetricsExportResult | null>(null)
  const exportError = ref<AppError | null>(null)

  /** Today in the shop's time zone, as of the last answer (or the window's clock). */
  const today = computed(() => {
    const r = report.value
    const now = r && r.now ? Date.parse(r.now) : Date.now()
    return dateIn(Number.isNaN(now) ? Date.now() : now, r?.timeZone ?? '')
  })

  /** load asks for the figures of the shop, agent and days set. */
  async function load(): Promise<void> {
    if (shopId.value === null) {
      return
    }
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const r = await metrics.dashboard({ shopId: shopId.value, agentId: agentId.value, from: from.value, to: to.value })
      if (mine !== seq) {
        return
      }
      report.value = r
      from.value = r.from
      to.value = r.to
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

  /** setShop shows another shop, every agent's figures, over the same days. */
  function setShop(id: number): Promise<void> {
    if (id !== shopId.value) {
      shopId.value = id
      agentId.value = 0
      report.value = null
    }
    return load()
  }

  function setAgent(id: number): Promise<void> {
    agentId.value = id
    return load()
  }

  /** setRange asks for the days from to to (both included). */
  function setRange(f: string, t: string): Promise<void> {
    from.value = f
    to.value = t
    return load()
  }

  /** setPreset asks for the last n days, today (in the shop's time zone) the last. */
  function setPreset(n: number): Promise<void> {
    const t = today.value
    return setRange(addDays(t, -(n - 1)), t)
  }

  /** exportFigures writes the figures on screen to a file; its path, or the error, is kept. */
  async function exportFigures(format: MetricsFormat, locale: string): Promise<void> {
    if (shopId.value === null || exporting.value) {
      return
    }
    exporting.value = true
    exportResult.value = null
    exportError.value = null
    try {
      exportResult.value = await metrics.exportFigures(
        { shopId: shopId.value, agentId: agentId.value, from: from.value, to: to.value },
        format,
        locale,
      )
    } catch (err) {
      exportError.value = toAppError(err)
    } finally {
      exporting.value = false
    }
  }

  return {
    shopId,
    agentId,
    from,
    to,
    report,
    loading,
    error,
    today,
    exporting,
    exportResult,
    exportError,
    load,
    setShop,
    setAgent,
    setRange,
    setPreset,
    exportFigures,
  }
})
