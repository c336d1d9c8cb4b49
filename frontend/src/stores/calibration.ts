import { defineStore } from 'pinia'
import { ref } from 'vue'

import * as calibrationApi from '../api/calibration'
import type { Calibration } from '../api/calibration'
import { toAppError } from '../api/errors'
import type { AppError } from '../api/types'
import { latest, type Latest } from './latest'

/**
 * The calibration store keeps each shop's estimate of what automatic
 * answers give at each threshold ([3/7]), as last read: the assistant
 * settings show it beside the threshold.
 */
export const useCalibrationStore = defineStore('calibration', () => {
  const byShop = ref<Record<number, Calibration>>({})
  const errors = ref<Record<number, AppError>>({})
  const loading = ref<Record<number, boolean>>({})
  const loads = new Map<number, Latest>()

  /**
   * load estimates a shop's calibration afresh (the KB may have changed);
   * what was known stays shown meanwhile. A failure is kept in errors.
   */
  async function load(shopId: number): Promise<void> {
    let l = loads.get(shopId)
    if (l === undefined) {
      l = latest()
      loads.set(shopId, l)
    }
    const ticket = l.next()
    loading.value = { ...loading.value, [shopId]: true }
    try {
      const c = await calibrationApi.calibration(shopId)
      if (ticket.current()) {
        byShop.value = { ...byShop.value, [shopId]: c }
        const { [shopId]: _, ...rest } = errors.value
        errors.value = rest
      }
    } catch (err) {
      if (ticket.current()) {
        errors.value = { ...errors.value, [shopId]: toAppError(err) }
      }
    } finally {
      if (ticket.current()) {
        loading.value = { ...loading.value, [shopId]: false }
      }
    }
  }

  return { byShop, errors, loading, load }
})
