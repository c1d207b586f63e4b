// The points ledger: append-only events, one unique key per award (so nothing counts twice), and
// running totals per member and per group for each board period (all time, year, month, ISO week),
// updated in the same transaction — leaderboards read totals, never scan events. There is no daily
// total: nothing ranks a day, and a daily cap sums that member's events of the day (pointsToday).
// A total also carries what a board shows of its member: their name, and where they stood in the
// period before (previous.ts).
import { sql } from 'kysely'
import { prepared, written } from '../db/prepared.js'
import type { DbOrTrx } from '../deps.js'
import { dayKey, monthKey, weekKey, yearKey } from '../time.js'
import { ALL_TIME, totalsOfPeriod } from './board-index.js'
import { carryForGroup, carryForMember } from './previous.js'
import { ruleOf } from './rules.js'

export interface Award {
  /** unique per award, e.g. `checkin:wr-dyzb:zhangsan:2026-11-23` */
  key: string
  userid: string
  chatId: string
  rule: string
  /** defaults to the rule's points */
  points?: number
  /**
   * When the award is made — now: awards go into the current periods, so no period after them has
   * begun and the standings carried forward (previous.ts) stay true. Taking an award back from a
   * past period is reverse()'s, which passes the change on.
   */
  at: Date
  tz: string
  detail?: unknown
}

export { ALL_TIME }

export function periodsOf(at: Date, tz: string): string[] {
  return [ALL_TIME, yearKey(at, tz), monthKey(at, tz), weekKey(at, tz)]
}

type EventRow = { award_key: string; userid: string; chat_id: string; rule: string; points: number; at: string; day: string; week: string; month: string; detail: string | null }

const insertEvent = prepared((db, v: EventRow) =>
  db
    .insertInto('point_events')
    .values({ award_key: v.award_key, userid: v.userid, chat_id: v.chat_id, rule: v.rule, points: v.points, at: v.at, day: v.day, week: v.week, month: v.month, detail: v.detail })
    .onConflict((oc) => oc.column('award_key').doNothing()),
)

/** Records an award once. Returns the points awarded (0 when the key was already used). */
export async function award(db: DbOrTrx, a: Award): Promise<number> {
  const rule = ruleOf(a.rule)
  if (!rule) throw new Error(`unknown point rule ${a.rule}`)
  const points = a.points ?? rule.points
  const inserted = await insertEvent(db, {
    award_key: a.key,
    userid: a.userid,
    chat_id: a.chatId,
    rule: a.rule,
    points,
    at: a.at.toISOString(),
    day: dayKey(a.at, a.tz),
    week: weekKey(a.at, a.tz),
    month: monthKey(a.at, a.tz),
    detail: a.detail === undefined ? null : JSON.stringify(a.detail),
  })
  if (written(inserted) === 0) return 0
  await addToPeriods(db, a.chatId, a.userid, periodsOf(a.at, a.tz), points, 1)
  return points
}

/** Cancels an earlier award with a compensating event (the ledger stays append-only). */
export async function reverse(db: DbOrTrx, key: string, at: Date, tz: string): Promise<number> {
  const original = await db.selectFrom('point_events').selectAll().where('award_key', '=', key).executeTakeFirst()
  if (!original || original.points === 0) return 0
  const reversed = await db
    .insertInto('point_events')
    .values({ ...withoutId(original), award_key: `reverse:${key}`, rule: original.rule, points: -original.points, at: at.toISOString(), detail: JSON.stringify({ reverses: key }) })
    .onConflict((oc) => oc.column('award_key').doNothing())
    .executeTakeFirst()
  if (Number(reversed.numInsertedOrUpdatedRows ?? 0) === 0) return 0
  // The reversal belongs to the periods of the original award, so its week's board is corrected,
  // and a period already followed by another in the group passes its new order on (previous.ts).
  const periods = periodsOf(new Date(original.at), tz)
  await addToPeriods(db, original.chat_id, original.userid, periods, -original.points, 0)
  await carryForGroup(db, original.chat_id, periods)
  return original.points
}

function withoutId<T extends { id: number }>(row: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = row
  return rest
}

/**
 * An award (events 1) or a reversal (events 0) into the running totals of all its periods: two
 * multi-row upserts. After an award, a member's row whose event count is 1 was new in that period,
 * so the group's member count grows for exactly those periods; a reversal only follows an award,
 * so its rows always exist and no member count changes.
 */
async function addToPeriods(db: DbOrTrx, chatId: string, userid: string, periods: string[], points: number, events: 0 | 1): Promise<void> {
  const [p0, p1, p2, p3] = periods
  if (periods.length !== PERIODS || !p0 || !p1 || !p2 || !p3) throw new Error(`expected ${PERIODS} periods, got ${periods.length}`)
  const { rows } = await addToMember(db, { chatId, userid, points, events, p0, p1, p2, p3 })
  const fresh = new Set(events === 1 ? rows.filter((r) => Number(r.events) === 1).map((r) => r.period) : [])
  const [m0, m1, m2, m3] = periods.map((p) => (fresh.has(p) ? 1 : 0)) as [number, number, number, number]
  await addToGroup(db, { chatId, points, p0, p1, p2, p3, m0, m1, m2, m3 })
  // Standing in the period before (previous.ts): new rows take theirs, unless this is the member's
  // first award in the group (a new all-time row: there is no period before).
  if (fresh.size > 0 && !fresh.has(ALL_TIME)) await carryForMember(db, chatId, userid, [...fresh])
}

/** periodsOf gives every award this many periods; the upserts below are prepared for exactly that. */
const PERIODS = 4
const SLOTS = [0, 1, 2, 3] as const
type Periods = { p0: string; p1: string; p2: string; p3: string }

const addToMember = prepared((db, v: Periods & { chatId: string; userid: string; points: number; events: number }) =>
  db
    .insertInto('point_totals')
    // The name goes with a new row (boards read it off the row; a rename updates it: members/roster.ts).
    .values(SLOTS.map((i) => ({ chat_id: v.chatId, userid: v.userid, period: v[`p${i}`], points: v.points, events: v.events, name: nameOf(db, v.userid) })))
    .onConflict((oc) =>
      oc.columns(['chat_id', 'period', 'userid']).doUpdateSet({
        points: sql`point_totals.points + excluded.points`,
        events: sql`point_totals.events + excluded.events`,
      }),
    )
    .returning(['period', 'events']),
)

const nameOf = (db: DbOrTrx, userid: string) => db.selectFrom('users').select('name').where('userid', '=', userid)

const addToGroup = prepared((db, v: Periods & { chatId: string; points: number; m0: number; m1: number; m2: number; m3: number }) =>
  db
    .insertInto('group_point_totals')
    .values(SLOTS.map((i) => ({ chat_id: v.chatId, period: v[`p${i}`], points: v.points, members: v[`m${i}`] })))
    .onConflict((oc) =>
      oc.columns(['period', 'chat_id']).doUpdateSet({
        points: sql`group_point_totals.points + excluded.points`,
        members: sql`group_point_totals.members + excluded.members`,
      }),
    ),
)


/** Points of one rule prefix (e.g. 'quiz.') a member earned on a local day — for daily caps. */
export async function pointsToday(db: DbOrTrx, chatId: string, userid: string, day: string, rulePrefix: string): Promise<number> {
  const row = await db
    .selectFrom('point_events')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('p'))
    .where('chat_id', '=', chatId)
    .where('userid', '=', userid)
    .where('day', '=', day)
    .where('rule', 'like', `${rulePrefix}%`)
    .executeTakeFirst()
  return Number(row?.p ?? 0)
}

export async function memberPoints(db: DbOrTrx, chatId: string, userid: string, period: string): Promise<number> {
  const row = await db.selectFrom('point_totals').select('points').where('chat_id', '=', chatId).where('period', '=', period).where('userid', '=', userid).executeTakeFirst()
  return Number(row?.points ?? 0)
}

/**
 * 1-based rank of a member in a group for a period (ties share a rank); undefined without a total.
 * Counted through totalsOfPeriod, as every read of a group's totals in points order (board-index.ts).
 */
export async function rankOf(db: DbOrTrx, chatId: string, period: string, userid: string): Promise<number | undefined> {
  const mine = await db.selectFrom('point_totals').select('points').where('chat_id', '=', chatId).where('period', '=', period).where('userid', '=', userid).executeTakeFirst()
  if (!mine) return undefined
  const above = await totalsOfPeriod(db, chatId, period)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.points', '>', mine.points)
    .executeTakeFirst()
  return Number(above?.n ?? 0) + 1
}

export async function topN(db: DbOrTrx, chatId: string, period: string, n: number, exclude: string[] = []) {
  let q = totalsOfPeriod(db, chatId, period).select(['t.userid', 't.points'])
  if (exclude.length) q = q.where('t.userid', 'not in', exclude)
  const rows = await q.orderBy('t.points', 'desc').orderBy('t.userid').limit(n).execute()
  return rows.map((r) => ({ userid: r.userid, points: Number(r.points) }))
}
