// A small 5-field cron matcher (minute hour day-of-month month day-of-week) evaluated in a time
// zone: which instants in (from, to] are due. Pure, so the scheduler works with any clock.
// Supports * , lists, ranges, steps (*/15, 1-5/2), names (MON, JAN) and 7 = Sunday. When both
// day-of-month and day-of-week are restricted, either may match (classic cron).
import { DateTime } from 'luxon'

export interface Cron {
  expr: string
  minutes: Set<number>
  hours: Set<number>
  days: Set<number>
  months: Set<number>
  /** 0 = Sunday … 6 = Saturday */
  weekdays: Set<number>
  anyDay: boolean
  anyWeekday: boolean
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

export class CronError extends Error {}

function value(token: string, names: string[] | undefined, offset: number): number {
  const upper = token.toUpperCase()
  const named = names?.indexOf(upper) ?? -1
  if (named >= 0) return named + offset
  if (!/^\d+$/.test(token)) throw new CronError(`“${token}”不是数字`)
  return Number(token)
}

function field(text: string, min: number, max: number, names?: string[], offset = 0): Set<number> {
  const out = new Set<number>()
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new CronError(`步长“${stepText}”无效`)
    let lo: number
    let hi: number
    if (range === '*') [lo, hi] = [min, max]
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string]
      ;[lo, hi] = [value(a, names, offset), value(b, names, offset)]
    } else {
      lo = value(range, names, offset)
      hi = stepText === undefined ? lo : max
    }
    if (lo < min || hi > max || lo > hi) throw new CronError(`“${part}”超出范围 ${min}-${max}`)
    for (let v = lo; v <= hi; v += step) out.add(v)
  }
  return out
}

/** Parses '0 9 * * 1'. Throws CronError with a Chinese reason. */
export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/)
  if (parts.length !== 5) throw new CronError(`需要 5 个字段（分 时 日 月 周），实际 ${parts.length} 个`)
  const [mi, h, dom, mon, dow] = parts as [string, string, string, string, string]
  const weekdays = field(dow, 0, 7, DAYS)
  if (weekdays.has(7)) {
    weekdays.delete(7)
    weekdays.add(0)
  }
  return {
    expr,
    minutes: field(mi, 0, 59),
    hours: field(h, 0, 23),
    days: field(dom, 1, 31),
    months: field(mon, 1, 12, MONTHS, 1),
    weekdays,
    anyDay: dom === '*',
    anyWeekday: dow === '*',
  }
}

export function isValidCron(expr: string): boolean {
  try {
    parseCron(expr)
    return true
  } catch {
    return false
  }
}

function dayMatches(cron: Cron, d: DateTime): boolean {
  if (!cron.months.has(d.month)) return false
  const dom = cron.days.has(d.day)
  const dow = cron.weekdays.has(d.weekday % 7)
  if (cron.anyDay && cron.anyWeekday) return true
  if (cron.anyDay) return dow
  if (cron.anyWeekday) return dom
  return dom || dow
}

/** Every due instant in (from, to], oldest first. Local days are walked in `tz`. */
export function dueBetween(cron: Cron, from: Date, to: Date, tz: string): Date[] {
  const out: Date[] = []
  const hours = [...cron.hours].sort((a, b) => a - b)
  const minutes = [...cron.minutes].sort((a, b) => a - b)
  const last = DateTime.fromJSDate(to, { zone: tz }).startOf('day')
  for (let d = DateTime.fromJSDate(from, { zone: tz }).startOf('day'); d <= last; d = d.plus({ days: 1 })) {
    if (!dayMatches(cron, d)) continue
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = d.set({ hour, minute, second: 0, millisecond: 0 })
        // A local time skipped by a DST change does not exist: no run that day at that time.
        if (at.hour !== hour || at.minute !== minute) continue
        const ms = at.toMillis()
        if (ms > from.getTime() && ms <= to.getTime()) out.push(new Date(ms))
      }
    }
  }
  return out
}

/** The most recent due instant ≤ at (looking back at most `lookbackDays`). */
export function latestDue(cron: Cron, at: Date, tz: string, lookbackDays = 400): Date | undefined {
  for (let back = 0; back <= lookbackDays; back += 7) {
    const to = new Date(at.getTime() - back * 86_400_000)
    const from = new Date(to.getTime() - 7 * 86_400_000)
    const due = dueBetween(cron, from, to, tz)
    if (due.length) return due[due.length - 1]
  }
  return undefined
}

/** The next due instant > after (looking ahead at most `lookaheadDays`). */
export function nextDue(cron: Cron, after: Date, tz: string, lookaheadDays = 400): Date | undefined {
  for (let ahead = 0; ahead <= lookaheadDays; ahead += 7) {
    const from = new Date(after.getTime() + ahead * 86_400_000)
    const due = dueBetween(cron, from, new Date(from.getTime() + 7 * 86_400_000), tz)
    if (due.length) return due[0]
  }
  return undefined
}
