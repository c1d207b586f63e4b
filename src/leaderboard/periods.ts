// Leaderboard periods: the running-total keys of the points ledger (week, month, year, all time).
import { ALL_TIME } from '../points/ledger.js'
import { local, monthKey, weekKey, yearKey } from '../time.js'

export type BoardKind = 'week' | 'month' | 'year' | 'all'
export const BOARD_WORDS: Record<string, BoardKind> = { 周: 'week', 本周: 'week', 月: 'month', 本月: 'month', 年: 'year', 本年: 'year', 今年: 'year', 总: 'all', 总榜: 'all', 全部: 'all' }

export interface BoardPeriod {
  kind: BoardKind
  key: string
  /** the period before, for "change since last week"; none for all time */
  previous?: string
}

export function boardPeriod(kind: BoardKind, at: Date, tz: string): BoardPeriod {
  const d = local(at, tz)
  switch (kind) {
    case 'week':
      return { kind, key: weekKey(at, tz), previous: weekKey(d.minus({ weeks: 1 }).toJSDate(), tz) }
    case 'month':
      return { kind, key: monthKey(at, tz), previous: monthKey(d.minus({ months: 1 }).toJSDate(), tz) }
    case 'year':
      return { kind, key: yearKey(at, tz), previous: yearKey(d.minus({ years: 1 }).toJSDate(), tz) }
    case 'all':
      return { kind, key: ALL_TIME }
  }
}
