// Week keys for the study plan: '2026-W48', 本周/下周/上周, or any date (the ISO week containing it).
import { DateTime } from 'luxon'
import { parseDate } from '../bot/args.js'
import { nfkc } from '../bot/normalize.js'
import { weekKey } from '../time.js'

const RELATIVE: Record<string, number> = { 本周: 0, 这周: 0, 下周: 1, 下下周: 2, 上周: -1 }

/** The Monday 00:00 (local) that starts an ISO week key. */
export function weekStart(week: string, tz: string): DateTime {
  return DateTime.fromISO(week, { zone: tz }).startOf('week')
}

/** Default deadline of a week's assignment: its Sunday 20:00 local. */
export function defaultDue(week: string, tz: string): Date {
  return weekStart(week, tz).plus({ days: 6 }).set({ hour: 20, minute: 0 }).toJSDate()
}

/** The local days (yyyy-MM-dd) of a week, Monday first. */
export function daysOfWeek(week: string, tz: string): string[] {
  const monday = weekStart(week, tz)
  return Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toISODate()!)
}

export function shiftWeek(week: string, by: number, tz: string): string {
  return weekKey(weekStart(week, tz).plus({ weeks: by }).toJSDate(), tz)
}

/** Parses a week as typed or as found in a plan file. Undefined when it is not one. */
export function parseWeek(input: string, now: Date, tz: string): string | undefined {
  const s = nfkc(input).trim().toUpperCase().replace(/\s+/g, '')
  if (s in RELATIVE) return shiftWeek(weekKey(now, tz), RELATIVE[s]!, tz)
  const m = /^(\d{4})-?W(\d{1,2})$/.exec(s)
  if (m) {
    const week = `${m[1]}-W${m[2]!.padStart(2, '0')}`
    const d = DateTime.fromISO(week, { zone: tz })
    return d.isValid ? weekKey(d.toJSDate(), tz) === week ? week : undefined : undefined
  }
  const day = parseDate(input, now, tz)
  return day ? weekKey(DateTime.fromISO(day, { zone: tz }).toJSDate(), tz) : undefined
}
