// Calendar keys and local times in the configured time zone (weeks start on Monday, ISO weeks).
import { DateTime } from 'luxon'

export const local = (at: Date, tz: string): DateTime => DateTime.fromJSDate(at, { zone: tz })

/** '2026-11-23' */
export const dayKey = (at: Date, tz: string): string => local(at, tz).toFormat('yyyy-MM-dd')
/** ISO week: '2026-W48' */
export const weekKey = (at: Date, tz: string): string => local(at, tz).toFormat("kkkk-'W'WW")
/** '2026-11' */
export const monthKey = (at: Date, tz: string): string => local(at, tz).toFormat('yyyy-MM')
/** '2026' */
export const yearKey = (at: Date, tz: string): string => local(at, tz).toFormat('yyyy')
/** '08:01' */
export const hhmm = (at: Date, tz: string): string => local(at, tz).toFormat('HH:mm')
/** '11月23日 周一' */
export const shortDate = (at: Date, tz: string): string => {
  const d = local(at, tz)
  return `${d.month}月${d.day}日 ${WEEKDAYS[d.weekday - 1]}`
}
export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const

/** Start of the local day containing `at`, as an instant. */
export const startOfDay = (at: Date, tz: string): Date => local(at, tz).startOf('day').toJSDate()
export const startOfWeek = (at: Date, tz: string): Date => local(at, tz).startOf('week').toJSDate()
export const startOfMonth = (at: Date, tz: string): Date => local(at, tz).startOf('month').toJSDate()

/** The instant of a local date ('2026-11-23') at a local time ('09:00') in tz. */
export const atLocal = (day: string, time: string, tz: string): Date =>
  DateTime.fromISO(`${day}T${time}`, { zone: tz }).toJSDate()

export const isoNow = (at: Date): string => at.toISOString()
