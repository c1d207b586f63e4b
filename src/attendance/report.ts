// Attendance arithmetic: per session (who came on time, late, was excused or absent) and per
// member over a range of days. Rosters are today's counted members who had joined by the close.
import type { DbOrTrx } from '../deps.js'
import type { RecordStatus } from '../db/tables/attendance.js'
import { displayNames } from '../members/members.js'
import { approvedLeaves, excuses } from './leave.js'
import { sessionsBetween, type Session } from './sessions.js'

export type Mark = RecordStatus | 'excused' | 'absent' | 'pending'

export interface SessionSheet {
  session: Session
  /** roster userid → mark ('pending' while the session is still open) */
  marks: Map<string, Mark>
  /** sign-in time per userid */
  times: Map<string, string>
  counts: Record<Mark, number>
}

export interface MemberSummary {
  userid: string
  name: string
  sessions: number
  ontime: number
  late: number
  makeup: number
  excused: number
  absent: number
  checkinDays: number
  /** attended / (sessions − excused), 0..1; 1 when nothing was expected */
  rate: number
}

async function rosterWithJoin(db: DbOrTrx, chatId: string) {
  return db
    .selectFrom('memberships')
    .select(['userid', 'joined_at'])
    .where('chat_id', '=', chatId)
    .where('left_at', 'is', null)
    .where('role', '!=', 'observer')
    .orderBy('joined_at')
    .orderBy('userid')
    .execute()
}

/** Sheets for the sessions of a group in [from, to] that have opened by `now`. */
export async function sessionSheets(db: DbOrTrx, chatId: string, from: string, to: string, now: Date | typeof END_OF_TIME): Promise<SessionSheet[]> {
  const at = now === END_OF_TIME ? END_OF_TIME : now.toISOString()
  const sessions = (await sessionsBetween(db, chatId, from, to)).filter((s) => s.opens_at <= at)
  if (sessions.length === 0) return []
  const roster = await rosterWithJoin(db, chatId)
  const records = await db.selectFrom('att_records').select(['session_id', 'userid', 'status', 'at']).where('session_id', 'in', sessions.map((s) => s.id)).execute()
  const leaves = await approvedLeaves(db, chatId, from, to)
  return sessions.map((session) => {
    const finished = session.closes_at <= at
    const mine = records.filter((r) => Number(r.session_id) === session.id)
    const marks = new Map<string, Mark>()
    const times = new Map<string, string>()
    const people = new Set([...roster.filter((m) => m.joined_at <= session.closes_at).map((m) => m.userid), ...mine.map((r) => r.userid)])
    for (const userid of people) {
      const rec = mine.find((r) => r.userid === userid)
      if (rec) times.set(userid, rec.at)
      marks.set(userid, rec ? rec.status : excuses(leaves, userid, session) ? 'excused' : finished ? 'absent' : 'pending')
    }
    const counts: Record<Mark, number> = { ontime: 0, late: 0, makeup: 0, excused: 0, absent: 0, pending: 0 }
    for (const m of marks.values()) counts[m]++
    return { session, marks, times, counts }
  })
}

export async function summarizeSession(db: DbOrTrx, session: Session, now: Date): Promise<SessionSheet> {
  const sheets = await sessionSheets(db, session.chat_id, session.day, session.day, now)
  return sheets.find((s) => s.session.id === session.id)!
}

/** Later than any ISO timestamp: "every session in the range has happened". */
const END_OF_TIME = '9999-12-31T23:59:59.999Z'

/**
 * Per member counts for a group over local days [fromDay, toDay] (the weekly digest, /考勤 and the
 * export). Sessions count once closed by `now` (default: those the scheduler has closed).
 */
export async function attendanceSummary(db: DbOrTrx, chatId: string, fromDay: string, toDay: string, now?: Date): Promise<MemberSummary[]> {
  const at = now ?? END_OF_TIME
  let sheets = await sessionSheets(db, chatId, fromDay, toDay, at)
  if (!now) sheets = sheets.filter((s) => s.session.closed_at !== null)
  const roster = await rosterWithJoin(db, chatId)
  const days = await db
    .selectFrom('att_checkins')
    .select(['userid', (eb) => eb.fn.countAll<number>().as('n')])
    .where('chat_id', '=', chatId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy('userid')
    .execute()
  const ids = [...new Set([...roster.map((r) => r.userid), ...sheets.flatMap((s) => [...s.marks.keys()])])]
  const names = await displayNames(db, ids)
  return ids.map((userid) => {
    const s: MemberSummary = { userid, name: names.get(userid) ?? userid, sessions: 0, ontime: 0, late: 0, makeup: 0, excused: 0, absent: 0, checkinDays: 0, rate: 1 }
    for (const sheet of sheets) {
      const m = sheet.marks.get(userid)
      if (!m || m === 'pending') continue
      s.sessions++
      s[m]++
    }
    s.checkinDays = Number(days.find((d) => d.userid === userid)?.n ?? 0)
    const expected = s.sessions - s.excused
    s.rate = expected > 0 ? (s.ontime + s.late + s.makeup) / expected : 1
    return s
  })
}
