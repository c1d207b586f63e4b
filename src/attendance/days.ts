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

export function addDays(day: string, n: number): string {
  return DateTime.fromISO(day).plus({ days: n }).toISODate()!
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
