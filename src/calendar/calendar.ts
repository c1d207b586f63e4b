// Rest days: weekends by default, China's statutory holidays and 调休 make-up workdays from the
// `chinese-days` package, then the organisation's own calendar ('*' rows, from a file), then a
// group's own overrides — the later source wins. Days are local 'yyyy-MM-dd' strings.
import chineseDays from 'chinese-days'
import { DateTime } from 'luxon'
import type { DbOrTrx } from '../deps.js'

export type DayKind = 'rest' | 'work'
export const ORG = '*'

/** The built-in answer for a day: statutory calendar where known, otherwise Saturday/Sunday. */
export function builtinRestDay(day: string): boolean {
  try {
    return !chineseDays.isWorkday(day)
  } catch {
    const wd = DateTime.fromISO(day).weekday
    return wd === 6 || wd === 7
  }
}

/** A synchronous rest-day test for every day in [fromDay, toDay] (one query for the overrides). */
export async function restDayChecker(db: DbOrTrx, chatId: string, fromDay: string, toDay: string): Promise<(day: string) => boolean> {
  const rows = await db
    .selectFrom('calendar_days')
    .select(['chat_id', 'day', 'kind'])
    .where('chat_id', 'in', [chatId, ORG])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .execute()
  const org = new Map<string, string>()
  const group = new Map<string, string>()
  for (const r of rows) (r.chat_id === ORG ? org : group).set(r.day, r.kind)
  return (day) => {
    const kind = group.get(day) ?? org.get(day)
    return kind ? kind === 'rest' : builtinRestDay(day)
  }
}

export async function isRestDay(db: DbOrTrx, chatId: string, day: string): Promise<boolean> {
  return (await restDayChecker(db, chatId, day, day))(day)
}

/** Sets (or with kind undefined, clears) a group's own rest/work day. chatId '*' = organisation. */
export async function setRestDay(
  db: DbOrTrx,
  chatId: string,
  day: string,
  kind: DayKind | undefined,
  by: { userid: string; at: string; note?: string },
): Promise<void> {
  if (!kind) {
    await db.deleteFrom('calendar_days').where('chat_id', '=', chatId).where('day', '=', day).execute()
    return
  }
  const row = { chat_id: chatId, day, kind, note: by.note ?? null, updated_by: by.userid, updated_at: by.at }
  await db
    .insertInto('calendar_days')
    .values(row)
    .onConflict((oc) => oc.columns(['chat_id', 'day']).doUpdateSet({ kind, note: row.note, updated_by: by.userid, updated_at: by.at }))
    .execute()
}

/** A group's (or the organisation's) own entries in a range, for listing. */
export async function overrides(db: DbOrTrx, chatId: string, fromDay: string, toDay: string) {
  return db
    .selectFrom('calendar_days')
    .select(['day', 'kind', 'note'])
    .where('chat_id', '=', chatId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .orderBy('day')
    .execute()
}

export interface CalendarEntry {
  day: string
  kind: DayKind
  note?: string
}

const REST_WORDS = new Set(['rest', 'holiday', 'off', '休', '休息', '放假', '假'])
const WORK_WORDS = new Set(['work', 'workday', '班', '上班', '补班', '调休上班', '工作日'])

/**
 * Parses an organisation calendar file: JSON (`{"2026-10-10":"work"}` or `[{day,kind,note}]`)
 * or lines `2026-10-01,休息,国庆节` (comma, tab or spaces). Throws with the bad line number.
 */
export function parseCalendar(text: string): CalendarEntry[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const data = JSON.parse(trimmed) as unknown
    const list = Array.isArray(data)
      ? (data as { day?: string; date?: string; kind?: string; note?: string }[]).map((e) => [e.day ?? e.date ?? '', e.kind ?? '', e.note])
      : Object.entries(data as Record<string, string>).map(([d, k]) => [d, k, undefined])
    return list.map(([d, k, n], i) => entry(String(d), String(k), n ? String(n) : undefined, i + 1))
  }
  const out: CalendarEntry[] = []
  trimmed.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim()
    if (!l || l.startsWith('#') || /^(day|date|日期)([\s,，\t]|$)/i.test(l)) return
    const [d = '', k = '', ...rest] = l.split(/[,\t，]|\s+/).map((s) => s.trim())
    out.push(entry(d, k, rest.join(' ') || undefined, i + 1))
  })
  return out
}

function entry(day: string, kind: string, note: string | undefined, line: number): CalendarEntry {
  const d = DateTime.fromISO(day)
  const k = kind.toLowerCase()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !d.isValid) throw new CalendarFileError(line, day)
  if (REST_WORDS.has(k)) return { day, kind: 'rest', ...(note ? { note } : {}) }
  if (WORK_WORDS.has(k)) return { day, kind: 'work', ...(note ? { note } : {}) }
  throw new CalendarFileError(line, kind)
}

export class CalendarFileError extends Error {
  constructor(
    readonly line: number,
    readonly value: string,
  ) {
    super(`calendar line ${line}: ${value}`)
  }
}

/** Replaces the organisation's calendar with the entries of a file (e.g. at start-up). */
export async function importOrgCalendar(db: DbOrTrx, entries: CalendarEntry[], by: { userid: string; at: string }): Promise<number> {
  await db.deleteFrom('calendar_days').where('chat_id', '=', ORG).execute()
  for (const e of entries) await setRestDay(db, ORG, e.day, e.kind, { ...by, note: e.note })
  return entries.length
}
