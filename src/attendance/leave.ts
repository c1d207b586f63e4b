// Leave (请假): a member asks for a session or a day; admins approve or reject (card buttons in
// their private chat, or /批准 /驳回). Approved leave is excused: not absent, streak intact.
import type { Selectable } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import type { AttendanceTables } from '../db/tables/attendance.js'
import { UserError } from '../errors.js'
import { dayKey } from '../time.js'
import { currentOrNextSession } from './sessions.js'

export type Leave = Selectable<AttendanceTables['att_leaves']>
export type LeaveTarget = { kind: 'session' } | { kind: 'day'; day: string }

export async function requestLeave(
  db: DbOrTrx,
  r: { chatId: string; userid: string; target: LeaveTarget; reason: string; now: Date; tz: string },
): Promise<{ leave: Leave; topic?: string }> {
  let sessionId: number | null = null
  let day: string
  let topic: string | undefined
  if (r.target.kind === 'session') {
    const s = await currentOrNextSession(db, r.chatId, r.now)
    if (!s) throw new UserError('attendance.leave.noSession')
    sessionId = s.id
    day = s.day
    topic = s.topic
  } else {
    day = r.target.day
    if (day < dayKey(r.now, r.tz)) throw new UserError('attendance.leave.past', { day })
  }
  let dup = db
    .selectFrom('att_leaves')
    .select('status')
    .where('chat_id', '=', r.chatId)
    .where('userid', '=', r.userid)
    .where('status', '!=', 'rejected')
  dup = sessionId !== null ? dup.where('session_id', '=', sessionId) : dup.where('session_id', 'is', null).where('from_day', '=', day)
  const existing = await dup.executeTakeFirst()
  if (existing) throw new UserError(existing.status === 'approved' ? 'attendance.leave.alreadyApproved' : 'attendance.leave.alreadyPending')
  const row = {
    chat_id: r.chatId,
    userid: r.userid,
    session_id: sessionId,
    from_day: day,
    to_day: day,
    reason: r.reason,
    status: 'pending' as const,
    requested_at: r.now.toISOString(),
    decided_by: null,
    decided_at: null,
    decision_note: null,
  }
  const { id } = await db.insertInto('att_leaves').values(row).returning('id').executeTakeFirstOrThrow()
  return { leave: { ...row, id: Number(id) }, ...(topic ? { topic } : {}) }
}

export async function leaveById(db: DbOrTrx, id: number): Promise<Leave | undefined> {
  if (!Number.isSafeInteger(id)) return undefined
  return db.selectFrom('att_leaves').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The member's oldest pending request (any group), for /批准 @某人. */
export async function pendingLeaveOf(db: DbOrTrx, userid: string): Promise<Leave | undefined> {
  return db.selectFrom('att_leaves').selectAll().where('userid', '=', userid).where('status', '=', 'pending').orderBy('id').executeTakeFirst()
}

/** Decides a pending request. `changed` is false when someone decided it first (it is returned as is). */
export async function decideLeave(
  db: DbOrTrx,
  id: number,
  d: { status: 'approved' | 'rejected'; by: string; at: Date; note?: string },
): Promise<{ leave: Leave; changed: boolean }> {
  const r = await db
    .updateTable('att_leaves')
    .set({ status: d.status, decided_by: d.by, decided_at: d.at.toISOString(), decision_note: d.note ?? null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  const leave = await leaveById(db, id)
  if (!leave) throw new UserError('attendance.leave.notFound')
  return { leave, changed: Number(r.numUpdatedRows) > 0 }
}

/** Approved leave of a group overlapping [from, to]: day ranges, with the session when for one. */
export async function approvedLeaves(db: DbOrTrx, chatId: string, from: string, to: string, userid?: string) {
  let q = db
    .selectFrom('att_leaves')
    .select(['userid', 'session_id', 'from_day', 'to_day'])
    .where('chat_id', '=', chatId)
    .where('status', '=', 'approved')
    .where('from_day', '<=', to)
    .where('to_day', '>=', from)
  if (userid) q = q.where('userid', '=', userid)
  return q.execute()
}

/** Whether an approved leave excuses `userid` from a session (session leave, or a day leave on its day). */
export function excuses(leaves: { userid: string; session_id: number | null; from_day: string; to_day: string }[], userid: string, session: { id: number; day: string }): boolean {
  return leaves.some((l) => l.userid === userid && (l.session_id === null ? l.from_day <= session.day && session.day <= l.to_day : l.session_id === session.id))
}
