// The board index point_totals_rank (migration 0022) holds the running totals' week and all-time
// rows only. A sign-in adds to its member's all-time, year, month and week totals, each in its own
// stretch of the index (the group's rows of that period), so a full index rewrote four leaf pages
// per award — the largest part of a /签到's commit on a large roster; now two. The week's boards are
// the ones read in bulk (the Sunday job, every group at once); a month's or year's board is one
// group's (/排行 月), a few hundred totals to look up and sort.
//
// Whatever reads a group's totals of one period in points order starts from totalsOfPeriod:
// - a week's or all time's off the index — the query names the index's condition word for word
//   (onBoardIndex): neither SQLite nor PostgreSQL uses a partial index for `period = ?` alone;
// - a month's or year's by key, member by member: the group's all-time rows (every award adds to
//   its member's all-time total, so they list everyone with a total of any period) read off the
//   index, each member's total of the period looked up by the primary key — as many lookups as the
//   group has members with points, however long its history. CROSS JOIN keeps that order on
//   SQLite, which otherwise reads every total of the group.
import { type Expression, type SelectQueryBuilder, sql } from 'kysely'
import type { Database } from '../db/schema.js'
import type { DbOrTrx } from '../deps.js'

/** The all-time period's key (the others are '2026', '2026-11' and '2026-W48'). */
export const ALL_TIME = 'all'

/** Whether the board index holds a period's rows: ISO weeks ('2026-W48') and all time. */
const onIndex = (period: string): boolean => period === ALL_TIME || period.includes('-W')

/** The board index's condition on the totals aliased `alias`, as the index has it. */
export const onBoardIndex = (alias: string) => {
  const period = sql.ref(`${alias}.period`)
  return sql<boolean>`(${period} like '%-W%' or ${period} = ${sql.lit(ALL_TIME)})`
}

type Chat = string | Expression<string>
export type Totals = SelectQueryBuilder<Database & { t: Database['point_totals'] }, 't', {}>

/** A group's week and all-time totals as `t`, off the board index; the caller names the period. */
export function indexedTotals(db: DbOrTrx, chat: Chat): Totals {
  return db.selectFrom('point_totals as t').where(sql<boolean>`t.chat_id = ${chat}`).where(onBoardIndex('t'))
}

/** A group's totals as `t`, member by member of its all-time rows, each looked up by key; the caller names the period or periods. */
export function totalsByMember(db: DbOrTrx, chat: Chat): Totals {
  const byMember = db
    .selectFrom('point_totals as a')
    .crossJoin('point_totals as t')
    .where(sql<boolean>`a.chat_id = ${chat}`)
    .where('a.period', '=', ALL_TIME)
    .where(onBoardIndex('a'))
    .whereRef('t.chat_id', '=', 'a.chat_id')
    .whereRef('t.userid', '=', 'a.userid')
  // The all-time rows' columns are not for callers: the builder is typed as the totals alone.
  return byMember as unknown as Totals
}

/** A group's totals of one period, as table `t`, read the cheapest way for its kind of period (see above). */
export function totalsOfPeriod(db: DbOrTrx, chat: Chat, period: string): Totals {
  return (onIndex(period) ? indexedTotals : totalsByMember)(db, chat).where('t.period', '=', period)
}
