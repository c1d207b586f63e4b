// Competition scoring: a correct answer earns BASE_POINTS within the first second, falling linearly
// to half at the deadline; the first correct answer of a question may earn a bonus; the ledger
// receives one point per LEDGER_DIVISOR competition points.
export const BASE_POINTS = 100
export const DEFAULT_FIRST_BONUS = 20
export const LEDGER_DIVISOR = 100
export const COUNTDOWN_SECONDS = 10
export const DEFAULT_SECONDS = 20
export const DEFAULT_COUNT = 5

export function speedPoints(ms: number, seconds: number): number {
  if (ms <= 1000) return BASE_POINTS
  const span = Math.max(1, seconds * 1000 - 1000)
  const fraction = Math.min(1, (ms - 1000) / span)
  return Math.round(BASE_POINTS * (1 - 0.5 * fraction))
}

export const ledgerPoints = (score: number): number => Math.round(score / LEDGER_DIVISOR)
