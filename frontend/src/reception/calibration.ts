// Reading a shop's estimate of automatic answers by threshold ([3/7]).
import type { Calibration, CalibrationPoint } from '../api/calibration'

/** An estimate resting on fewer held-out questions than this is rough, and says so. */
export const fewSamples = 50

/**
 * expectAt reads the estimate at a threshold, between the two points around
 * it (linearly); at or past either end, that end's. null without points.
 */
export function expectAt(c: Calibration, threshold: number): CalibrationPoint | null {
  const ps = c.points
  const first = ps[0]
  const last = ps[ps.length - 1]
  if (first === undefined || last === undefined) {
    return null
  }
  if (threshold <= first.threshold) {
    return { ...first, threshold }
  }
  if (threshold >= last.threshold) {
    return { ...last, threshold }
  }
  for (let i = 1; i < ps.length; i++) {
    const hi = ps[i]!
    const lo = ps[i - 1]!
    if (threshold <= hi.threshold) {
      const f = hi.threshold === lo.threshold ? 1 : (threshold - lo.threshold) / (hi.threshold - lo.threshold)
      return {
        threshold,
        precision: lo.precision + f * (hi.precision - lo.precision),
        coverage: lo.coverage + f * (hi.coverage - lo.coverage),
      }
    }
  }
  return { ...last, threshold }
}
