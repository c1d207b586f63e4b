// Calendar keys and local times in the configured time zone (weeks start on Monday, ISO weeks).
import { DateTime, Info } from 'luxon'

export const local = (at: Date, tz: string): DateTime => DateTime.fromJSDate(at, { zone: tz })

/** '2026-11-23' */
export const dayKey = (at: Date, tz: string): string => {
  const f = fields(at, tz)
  return f ? `${f.y}-${two(f.m)}-${two(f.d)}` : local(at, tz).toFormat('yyyy-MM-dd')
}
/** ISO week: '2026-W48' */
export const weekKey = (at: Date, tz: string): string => {
  const f = fields(at, tz)
  return f ? isoWeekOf(f.y, f.m, f.d) : local(at, tz).toFormat("kkkk-'W'WW")
}
/** '2026-11' */
export const monthKey = (at: Date, tz: string): string => {
  const f = fields(at, tz)
  return f ? `${f.y}-${two(f.m)}` : local(at, tz).toFormat('yyyy-MM')
}
/** '2026' */
export const yearKey = (at: Date, tz: string): string => {
  const f = fields(at, tz)
  return f ? String(f.y) : local(at, tz).toFormat('yyyy')
}
/**
 * The key of the period `by` periods after (−1: before) a week, month or year key: '2026-W48' →
 * '2026-W47', '2026-01' → '2025-12', '2026' → '2025'. Undefined for any other key ('all').
 */
export function shiftPeriodKey(key: string, by: number): string | undefined {
  if (/^\d{4}$/.test(key)) return String(Number(key) + by)
  if (/^\d{4}-\d{2}$/.test(key)) return DateTime.fromFormat(key, 'yyyy-MM', { zone: 'UTC' }).plus({ months: by }).toFormat('yyyy-MM')
  if (/^\d{4}-W\d{2}$/.test(key)) return DateTime.fromISO(`${key}-1`, { zone: 'UTC' }).plus({ weeks: by }).toFormat("kkkk-'W'WW")
  return undefined
}
/** '08:01' */
export const hhmm = (at: Date, tz: string): string => {
  const f = fields(at, tz)
  return f ? `${two(f.hh)}:${two(f.mm)}` : local(at, tz).toFormat('HH:mm')
}

// The keys above run on every message (points, check-ins, replies). Luxon asks Intl for the zone
// offset on each call; here the offset is cached per zone and UTC minute (since 1980 every zone
// changes its offset on a whole minute), and the fields come from plain Date arithmetic. Outside
// 1980–9999 or for a zone luxon does not know, the luxon formats above are used unchanged.
const MIN_MS = Date.UTC(1980, 0, 1)
const MAX_MS = Date.UTC(9999, 0, 1)
const offsets = new Map<string, number | null>()
const two = (n: number): string => (n < 10 ? '0' : '') + n

function fields(at: Date, tz: string): { y: number; m: number; d: number; hh: number; mm: number } | undefined {
  const ms = at.getTime()
  if (!(ms >= MIN_MS && ms < MAX_MS)) return undefined
  const minute = Math.floor(ms / 60_000)
  const key = `${tz}|${minute}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    const zone = Info.normalizeZone(tz)
    const o = zone.isValid ? zone.offset(minute * 60_000) : NaN
    offset = Number.isInteger(o) ? o : null
    if (offsets.size >= 10_000) offsets.clear()
    offsets.set(key, offset)
  }
  if (offset === null) return undefined
  const l = new Date(ms + offset * 60_000)
  return { y: l.getUTCFullYear(), m: l.getUTCMonth() + 1, d: l.getUTCDate(), hh: l.getUTCHours(), mm: l.getUTCMinutes() }
}

/** ISO week key of a calendar date: the week (Monday first) belongs to the year of its Thursday. */
function isoWeekOf(y: number, m: number, d: number): string {
  const date = Date.UTC(y, m - 1, d)
  const weekday = (new Date(date).getUTCDay() + 6) % 7
  const thursday = date + (3 - weekday) * 86_400_000
  const year = new Date(thursday).getUTCFullYear()
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000))
  return `${year}-W${two(week)}`
}
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
