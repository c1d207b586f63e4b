// Local-day helpers for attendance: ISO week and month ranges as 'yyyy-MM-dd' pairs, day lists.
import { DateTime } from 'luxon'
import { dayKey, shortDate } from '../time.js'

export interface DayRange {
  from: string
  to: string
}

export function weekRange(at: Date, tz: string): DayRange {
  const d = DateTime.fromJSDate(at, { zone: tz })
  return { from: d.startOf('week').toISODate()!, to: d.endOf('week').toISODate()! }
}

export function monthRange(at: Date, tz: string): DayRange {
  const d = DateTime.fromJSDate(at, { zone: tz })
  return { from: d.startOf('month').toISODate()!, to: d.endOf('month').toISODate()! }
}

/** '2026-W48' → Monday..Sunday of that ISO week. */
export function isoWeekRange(week: string): DayRange {
  const d = DateTime.fromISO(`${week}-1`)
  if (!d.isValid) throw new Error(`bad ISO week ${week}`)
  return { from: d.toISODate()!, to: d.plus({ days: 6 }).toISODate()! }
}

const DAY_MS = 86_400_000

/** 'yyyy-MM-dd' → its UTC midnight (ms); undefined for anything else or an impossible date. */
function utcDay(day: string): number | undefined {
  if (day.length !== 10 || day[4] !== '-' || day[7] !== '-') return undefined
  const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day ? ms : undefined
}

export function addDays(day: string, n: number): string {
  const ms = utcDay(day)
  if (ms !== undefined && Number.isInteger(n)) {
    const out = new Date(ms + n * DAY_MS).toISOString()
    if (out.length === 24) return out.slice(0, 10)
  }
  return DateTime.fromISO(day).plus({ days: n }).toISODate()!
}

/** Whole days from one 'yyyy-MM-dd' to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = utcDay(from)
  const b = utcDay(to)
  if (a !== undefined && b !== undefined) return Math.round((b - a) / DAY_MS)
  return Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days)
}

export function eachDay(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d)
  return out
}

export const today = (now: Date, tz: string): string => dayKey(now, tz)

/** Instants bounding local days [from, to] (for ISO-text comparisons on `at` columns). */
export function instantRange(r: DayRange, tz: string): { fromIso: string; toIso: string } {
  return {
    fromIso: DateTime.fromISO(r.from, { zone: tz }).startOf('day').toUTC().toISO()!,
    toIso: DateTime.fromISO(r.to, { zone: tz }).plus({ days: 1 }).startOf('day').toUTC().toISO()!,
  }
}

/** '2026-11-24' → '11月24日 周二' */
export const dayLabel = (day: string): string => shortDate(DateTime.fromISO(day, { zone: 'UTC' }).set({ hour: 12 }).toJSDate(), 'UTC')
