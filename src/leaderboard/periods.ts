// Leaderboard periods: the running-total keys of the points ledger (week, month, year, all time).
import { ALL_TIME } from '../points/ledger.js'
import { monthKey, shiftPeriodKey, weekKey, yearKey } from '../time.js'

export type BoardKind = 'week' | 'month' | 'year' | 'all'
export const BOARD_WORDS: Record<string, BoardKind> = { 周: 'week', 本周: 'week', 月: 'month', 本月: 'month', 年: 'year', 本年: 'year', 今年: 'year', 总: 'all', 总榜: 'all', 全部: 'all' }

export interface BoardPeriod {
  kind: BoardKind
  key: string
  /** the period before, for "change since last week"; none for all time */
  previous?: string
}

export function boardPeriod(kind: BoardKind, at: Date, tz: string): BoardPeriod {
  const key = kind === 'week' ? weekKey(at, tz) : kind === 'month' ? monthKey(at, tz) : kind === 'year' ? yearKey(at, tz) : ALL_TIME
  const previous = shiftPeriodKey(key, -1)
  return { kind, key, ...(previous === undefined ? {} : { previous }) }
}
