// Read-only answers other areas use (the weekly reminder and digest jobs): who has shown up in a
// week, who is excused, and the per-member summary.
import type { DbOrTrx } from '../deps.js'
import { isoWeekRange } from './days.js'

export { attendanceSummary, type MemberSummary } from './report.js'

/** Userids with a daily check-in or a session sign-in in the group during an ISO week ('2026-W48'). */
export async function checkedInUserids(db: DbOrTrx, chatId: string, week: string): Promise<Set<string>> {
  const { from, to } = isoWeekRange(week)
  const days = await db.selectFrom('att_checkins').select('userid').distinct().where('chat_id', '=', chatId).where('day', '>=', from).where('day', '<=', to).execute()
  const sessions = await db
    .selectFrom('att_records')
    .innerJoin('att_sessions', 'att_sessions.id', 'att_records.session_id')
    .select('att_records.userid')
    .distinct()
    .where('att_records.chat_id', '=', chatId)
    .where('att_sessions.day', '>=', from)
    .where('att_sessions.day', '<=', to)
    .execute()
  return new Set([...days, ...sessions].map((r) => r.userid))
}

/** Userids with approved leave overlapping local days [fromDay, toDay] in the group. */
export async function excusedUserids(db: DbOrTrx, chatId: string, fromDay: string, toDay: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('att_leaves')
    .select('userid')
    .distinct()
    .where('chat_id', '=', chatId)
    .where('status', '=', 'approved')
    .where('from_day', '<=', toDay)
    .where('to_day', '>=', fromDay)
    .execute()
  return new Set(rows.map((r) => r.userid))
}
