// What a shop can expect of automatic answers at each confidence threshold,
// estimated from its own KB ([3/7] Knowing when not to answer): the
// settings show it beside the threshold. Wraps ReceptionService.Calibration.
import * as ReceptionService from '../../wailsjs/go/app/ReceptionService'
import type { engine } from '../../wailsjs/go/models'
import { call } from './errors'

/** The expected share of automatic answers that are right (precision) and of answerable questions answered (coverage) from threshold on. */
export interface CalibrationPoint {
  threshold: number
  precision: number
  coverage: number
}

/**
 * A shop's own estimate: points from the lowest threshold to the highest;
 * threshold95 the lowest threshold expected to be right 95% of the time
 * (reached95 false when none is: both are then the highest point's);
 * samples how many held-out questions it rests on; outOfScopeShare the share
 * of messages with no answer in the KB that it assumes.
 */
export interface Calibration {
  shopId: number
  points: CalibrationPoint[]
  threshold95: number
  coverage95: number
  reached95: boolean
  samples: number
  outOfScopeShare: number
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const share = (v: unknown): number => Math.min(1, Math.max(0, num(v)))

/** toCalibration decodes engine.Calibration; points are sorted by threshold, bad ones dropped. */
export function toCalibration(c: engine.Calibration): Calibration {
  const points = (Array.isArray(c.points) ? c.points : [])
    .filter((p) => typeof p === 'object' && p !== null && typeof p.threshold === 'number' && Number.isFinite(p.threshold))
    .map((p) => ({ threshold: p.threshold, precision: share(p.precision), coverage: share(p.coverage) }))
    .sort((a, b) => a.threshold - b.threshold)
  return {
    shopId: num(c.shopId),
    points,
    threshold95: num(c.threshold95),
    coverage95: share(c.coverage95),
    reached95: c.reached95 === true,
    samples: num(c.samples),
    outOfScopeShare: share(c.outOfScopeShare),
  }
}

/** calibration estimates a shop's precision and coverage by threshold from its own KB. */
export async function calibration(shopId: number): Promise<Calibration> {
  return toCalibration(await call(() => ReceptionService.Calibration(shopId)))
}
