// /我的: a member's week and month in one group — check-in days, sessions, streaks, points, rank.
import type { DbOrTrx } from '../deps.js'
import { ALL_TIME, memberPoints, rankOf } from '../points/ledger.js'
import { dayKey, monthKey } from '../time.js'
import { monthRange, weekRange, type DayRange } from './days.js'
import { policyFor } from './policy.js'
import { sessionSheets } from './report.js'
import { streaksOf } from './streak.js'

async function periodOf(db: DbOrTrx, chatId: string, userid: string, r: DayRange, now: Date) {
  const days = await db
    .selectFrom('att_checkins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chat_id', '=', chatId)
    .where('userid', '=', userid)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to)
    .executeTakeFirst()
  const sheets = (await sessionSheets(db, chatId, r.from, r.to, now)).filter((s) => s.marks.get(userid) && s.marks.get(userid) !== 'pending')
  const marks = sheets.map((s) => s.marks.get(userid)!)
  return {
    days: Number(days?.n ?? 0),
    sessions: marks.length,
    attended: marks.filter((m) => m === 'ontime' || m === 'late' || m === 'makeup').length,
    late: marks.filter((m) => m === 'late').length,
    excused: marks.filter((m) => m === 'excused').length,
  }
}

export async function myRecord(db: DbOrTrx, chatId: string, userid: string, now: Date, tz: string) {
  const week = await periodOf(db, chatId, userid, weekRange(now, tz), now)
  const month = await periodOf(db, chatId, userid, monthRange(now, tz), now)
  const streaks = await streaksOf(db, chatId, userid, dayKey(now, tz), (await policyFor(db, chatId)).gracePerMonth)
  return {
    week,
    month,
    streaks,
    points: await memberPoints(db, chatId, userid, ALL_TIME),
    monthPoints: await memberPoints(db, chatId, userid, monthKey(now, tz)),
    rank: await rankOf(db, chatId, ALL_TIME, userid),
  }
}
