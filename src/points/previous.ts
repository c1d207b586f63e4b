// Where a member stood in the period before, kept on their running total of a week, month or year:
// prev_points (their total in the previous period; null when they had no total then) and prev_rank
// (1 + the members of the group with more points then — hidden members included, boards take them
// out when they read; null unless prev_points > 0). A board's "change since last week" is then read
// with its rows (the board index covers both columns) instead of two more lookups per row.
//
// The ledger keeps them:
// - a member's first award of a period copies their standing from the period before
//   (carryForMember; skipped on their first award in the group, when there is nothing before);
// - awards go into the current periods (Award.at is now), so the period before is over when its
//   standings are copied; only a reversal reaches into a past period (last week's note taken
//   back, say) and changes its order, so the group's totals of the period after are copied again
//   (carryForGroup; when no period after has begun, the statement finds nothing).
// Across instances with clocks a moment apart, an award in the last instant of a week can land
// after another instance began the next one; that week's change column then misses it.
import { sql } from 'kysely'
import { prepared } from '../db/prepared.js'
import type { DbOrTrx } from '../deps.js'
import { shiftPeriodKey } from '../time.js'
import { indexedTotals, onBoardIndex, totalsByMember, type Totals } from './board-index.js'

/**
 * 1 + the members of the group with more points than `p` in p's period: a week's counted off the
 * board index, a month's or year's member by member (board-index.ts).
 */
const rankInPeriod = (db: DbOrTrx) => {
  const above = (totals: Totals) => totals.select(sql<number>`1 + count(*)`.as('n')).where(sql<boolean>`t.period = p.period and t.points > p.points`)
  const chat = sql.ref<string>('p.chat_id')
  return sql`case when ${onBoardIndex('p')} then ${above(indexedTotals(db, chat))} else ${above(totalsByMember(db, chat))} end`
}

/** One member's fresh rows: up to three (period, previous) pairs; unused pairs repeat the first. */
type Pairs = { k0: string; b0: string; k1: string; b1: string; k2: string; b2: string }

const toPairs = (periods: string[]): Pairs | undefined => {
  const pairs = periods.flatMap((k) => {
    const b = shiftPeriodKey(k, -1)
    return b === undefined ? [] : [[k, b] as const]
  })
  const [first] = pairs
  if (!first) return undefined
  const [k0, b0] = first
  const [k1, b1] = pairs[1] ?? first
  const [k2, b2] = pairs[2] ?? first
  return { k0, b0, k1, b1, k2, b2 }
}

const previousOf = (v: Pairs) => sql`case own.period when ${v.k0} then ${v.b0} when ${v.k1} then ${v.b1} else ${v.b2} end`

/** One member's rows of the pairs' periods take their standing in the period before each. */
const forMember = prepared((db, v: Pairs & { chatId: string; userid: string }) => ({
  compile: () =>
    sql`update point_totals as own set prev_points = p.points, prev_rank = case when p.points > 0 then ${rankInPeriod(db)} end
      from point_totals as p
      where own.chat_id = ${v.chatId} and own.userid = ${v.userid} and own.period in (${v.k0}, ${v.k1}, ${v.k2})
        and p.chat_id = own.chat_id and p.userid = own.userid and p.period = ${previousOf(v)}`.compile(db),
}))

/**
 * A group's rows of the pairs' periods take their standing in the period before each: the group's
 * totals of those periods, read member by member, ranked once (rank() is 1 + the rows with more
 * points) instead of counted again for every row.
 */
const forGroup = prepared((db, v: Pairs & { chatId: string }) => ({
  compile: () =>
    sql`update point_totals as own set prev_points = r.points, prev_rank = case when r.points > 0 then r.rk end
      from ${totalsByMember(db, v.chatId)
        .select(['t.userid', 't.period', 't.points', sql<number>`rank() over (partition by t.period order by t.points desc)`.as('rk')])
        .where('t.period', 'in', [v.b0, v.b1, v.b2])} as r
      where own.chat_id = ${v.chatId} and own.period in (${v.k0}, ${v.k1}, ${v.k2}) and r.userid = own.userid and r.period = ${previousOf(v)}`.compile(db),
}))

/** A member's rows of `periods` (new this award) take their standing in each period before. */
export async function carryForMember(db: DbOrTrx, chatId: string, userid: string, periods: string[]): Promise<void> {
  const pairs = toPairs(periods)
  if (pairs) await forMember(db, { ...pairs, chatId, userid })
}

/** The group's rows of the periods after `periods` take their standing again (its order there may have changed). */
export async function carryForGroup(db: DbOrTrx, chatId: string, periods: string[]): Promise<void> {
  const pairs = toPairs(periods.flatMap((p) => shiftPeriodKey(p, 1) ?? []))
  if (pairs) await forGroup(db, { ...pairs, chatId })
}
