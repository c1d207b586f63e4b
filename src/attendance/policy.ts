// Attendance policy: defaults, overridable per group (or for all groups, chat '*') through the
// settings table — e.g. /群 commands call setPolicy. Read once per command.
import type { DbOrTrx } from '../deps.js'

export interface AttendancePolicy {
  /** misses per calendar month a streak survives */
  gracePerMonth: number
  /** /发起签到 without a duration */
  defaultMinutes: number
  /** late after this many minutes from opening, unless given */
  defaultLateMinutes: number
  /** /预告 announcement time on the day before (local HH:mm) */
  announceAt: string
}

export const DEFAULT_POLICY: AttendancePolicy = { gracePerMonth: 1, defaultMinutes: 30, defaultLateMinutes: 10, announceAt: '09:00' }

const key = (chatId: string) => `attendance.policy:${chatId}`

export async function policyFor(db: DbOrTrx, chatId: string): Promise<AttendancePolicy> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', [key('*'), key(chatId)]).execute()
  const all = rows.find((r) => r.key === key('*'))
  const own = rows.find((r) => r.key === key(chatId))
  return { ...DEFAULT_POLICY, ...parse(all?.value), ...parse(own?.value) }
}

export async function setPolicy(db: DbOrTrx, chatId: string, patch: Partial<AttendancePolicy>, at: string): Promise<AttendancePolicy> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key(chatId)).executeTakeFirst()
  const value = JSON.stringify({ ...parse(row?.value), ...patch })
  await db
    .insertInto('settings')
    .values({ key: key(chatId), value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute()
  return policyFor(db, chatId)
}

function parse(value: string | undefined): Partial<AttendancePolicy> {
  if (!value) return {}
  try {
    return JSON.parse(value) as Partial<AttendancePolicy>
  } catch {
    return {}
  }
}
