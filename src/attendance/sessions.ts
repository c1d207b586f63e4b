// Study sessions (集中学习): opened now by /发起签到 or announced ahead with /预告. A session is
// open while opens_at <= now < closes_at — by time, so a late scheduler never lets anyone in late.
import type { Selectable } from 'kysely'
import { prepared } from '../db/prepared.js'
import type { DbOrTrx } from '../deps.js'
import type { AttendanceTables, RecordStatus } from '../db/tables/attendance.js'
import { UserError } from '../errors.js'
import { award } from '../points/ledger.js'
import { dayKey } from '../time.js'
import { markDay } from './checkin.js'

export type Session = Selectable<AttendanceTables['att_sessions']>

export interface NewSession {
  chatId: string
  topic: string
  opensAt: Date
  minutes: number
  lateMinutes: number
  createdBy: string
  now: Date
  tz: string
  scheduled: boolean
}

export async function createSession(db: DbOrTrx, s: NewSession): Promise<Session> {
  const opens = s.opensAt.getTime()
  const closesAt = new Date(opens + s.minutes * 60_000)
  const lateAt = new Date(opens + Math.min(s.lateMinutes, s.minutes) * 60_000)
  const overlapping = await db
    .selectFrom('att_sessions')
    .select('topic')
    .where('chat_id', '=', s.chatId)
    .where('opens_at', '<', closesAt.toISOString())
    .where('closes_at', '>', s.opensAt.toISOString())
    .executeTakeFirst()
  if (overlapping) throw new UserError('attendance.session.overlap', { topic: overlapping.topic })
  const row = {
    chat_id: s.chatId,
    topic: s.topic,
    day: dayKey(s.opensAt, s.tz),
    opens_at: s.opensAt.toISOString(),
    late_at: lateAt.toISOString(),
    closes_at: closesAt.toISOString(),
    scheduled: s.scheduled ? 1 : 0,
    created_by: s.createdBy,
    created_at: s.now.toISOString(),
    announced_at: null,
    opened_at: s.scheduled ? null : s.now.toISOString(),
    closed_at: null,
  }
  const { id } = await db.insertInto('att_sessions').values(row).returning('id').executeTakeFirstOrThrow()
  return { ...row, id: Number(id) }
}

export async function sessionById(db: DbOrTrx, id: number): Promise<Session | undefined> {
  if (!Number.isSafeInteger(id)) return undefined
  return db.selectFrom('att_sessions').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The session open in a group at `now`, if any. */
export async function openSession(db: DbOrTrx, chatId: string, now: Date): Promise<Session | undefined> {
  const at = now.toISOString()
  return db.selectFrom('att_sessions').selectAll().where('chat_id', '=', chatId).where('opens_at', '<=', at).where('closes_at', '>', at).orderBy('opens_at', 'desc').executeTakeFirst()
}

/** The open session, else the next one still to come (for /请假 本次). */
export async function currentOrNextSession(db: DbOrTrx, chatId: string, now: Date): Promise<Session | undefined> {
  return (
    (await openSession(db, chatId, now)) ??
    db.selectFrom('att_sessions').selectAll().where('chat_id', '=', chatId).where('opens_at', '>', now.toISOString()).orderBy('opens_at').executeTakeFirst()
  )
}

/** The most recent session in a group that closed on the local day of `now` (for a clear refusal). */
export async function closedToday(db: DbOrTrx, chatId: string, now: Date, tz: string): Promise<Session | undefined> {
  return db
    .selectFrom('att_sessions')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('day', '=', dayKey(now, tz))
    .where('closes_at', '<=', now.toISOString())
    .orderBy('closes_at', 'desc')
    .executeTakeFirst()
}

/**
 * openSession and closedToday in one read: the session open at `now`, and the latest one that
 * closed earlier on the local day of `now` (for /签到's reminder).
 */
/** The sessions open at `at`, and those of its day that have closed. */
const sessionsAround = prepared((db, v: { chatId: string; at: string; day: string }) =>
  db
    .selectFrom('att_sessions')
    .selectAll()
    .where('chat_id', '=', v.chatId)
    .where((eb) => eb.or([eb.and([eb('opens_at', '<=', v.at), eb('closes_at', '>', v.at)]), eb.and([eb('day', '=', v.day), eb('closes_at', '<=', v.at)])])),
)

export async function sessionsNow(db: DbOrTrx, chatId: string, now: Date, tz: string): Promise<{ open?: Session; closed?: Session }> {
  const at = now.toISOString()
  const { rows } = await sessionsAround(db, { chatId, at, day: dayKey(now, tz) })
  let open: Session | undefined
  let closed: Session | undefined
  for (const r of rows) {
    if (r.closes_at > at) {
      if (!open || r.opens_at > open.opens_at) open = r
    } else if (!closed || r.closes_at > closed.closes_at) closed = r
  }
  return { open, closed }
}

export type SignInOutcome =
  | { kind: 'signed'; status: Exclude<RecordStatus, 'makeup'>; at: string; points: number }
  | { kind: 'already'; status: RecordStatus; at: string }
  | { kind: 'notYet' }
  | { kind: 'closed' }

/** Signs a member into a session: on time, late, or refused (not yet open / closed). Idempotent. */
export async function signIntoSession(db: DbOrTrx, session: Session, userid: string, now: Date, tz: string, via: 'command' | 'card'): Promise<SignInOutcome> {
  const at = now.toISOString()
  const existing = await recordOf(db, session.id, userid)
  if (existing) return { kind: 'already', status: existing.status, at: existing.at }
  if (at < session.opens_at) return { kind: 'notYet' }
  if (at >= session.closes_at) return { kind: 'closed' }
  const status = at < session.late_at ? 'ontime' : 'late'
  const r = await db
    .insertInto('att_records')
    .values({ session_id: session.id, chat_id: session.chat_id, userid, status, at, via })
    .onConflict((oc) => oc.columns(['session_id', 'userid']).doNothing())
    .executeTakeFirst()
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) {
    const again = (await recordOf(db, session.id, userid))!
    return { kind: 'already', status: again.status, at: again.at }
  }
  const rule = status === 'ontime' ? 'session.ontime' : 'session.late'
  let points = await award(db, { key: `session:${session.id}:${userid}`, userid, chatId: session.chat_id, rule, at: now, tz, detail: { session: session.id } })
  points += (await markDay(db, { chatId: session.chat_id, userid, at: now, tz, source: 'session' })).points
  return { kind: 'signed', status, at, points }
}

export async function recordOf(db: DbOrTrx, sessionId: number, userid: string) {
  return db.selectFrom('att_records').select(['status', 'at']).where('session_id', '=', sessionId).where('userid', '=', userid).executeTakeFirst()
}

/** Sessions of a group whose local day lies in [from, to], oldest first. */
export async function sessionsBetween(db: DbOrTrx, chatId: string, from: string, to: string): Promise<Session[]> {
  return db.selectFrom('att_sessions').selectAll().where('chat_id', '=', chatId).where('day', '>=', from).where('day', '<=', to).orderBy('opens_at').execute()
}
