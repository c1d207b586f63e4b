// Leaderboards read the ledger's running totals (point_totals, group_point_totals) and the roster
// counts (group_rosters), never events: a group's top N with the change since the previous period
// and its participation rate, and the group-vs-group ranking (支部评比) by participation rate and
// points per member — not raw totals. Boards are read by batch.ts, one query per 250 groups (the
// Sunday job's every group, /排行's one).
import { sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import { packedRows } from '../db/packed.js'
import { groupLabel } from '../groups/groups.js'
import { totalsOfPeriod } from '../points/board-index.js'
import { memberPoints } from '../points/ledger.js'
import type { BoardPeriod } from './periods.js'

export interface BoardRow {
  rank: number
  userid: string
  name: string
  points: number
  /** places gained (+) or lost (−) since the previous period; 'new' when absent then; undefined without a previous period */
  change?: number | 'new'
}

export interface Participation {
  active: number
  roster: number
  /** 0..1 */
  rate: number
}

export interface GroupBoard {
  chatId: string
  rows: BoardRow[]
  participation: Participation
}

export type Top = {
  userid: string
  name: string | null
  points: number
  /** rank among the visible members in the previous period; absent when they had no points then */
  before?: number
}

/** Competition ranks (1, 1, 3) over rows ordered by points, and the change since the previous period when `period` has one. */
export function boardRows(top: Top[], period: BoardPeriod): BoardRow[] {
  const rows: BoardRow[] = []
  for (let i = 0; i < top.length; i++) {
    const r = top[i]!
    const above = rows[i - 1]
    const rank = above && above.points === r.points ? above.rank : i + 1
    // Every row of one shape (change undefined without a previous period): 10,000 of them a Sunday.
    rows.push({ rank, userid: r.userid, name: r.name ?? r.userid, points: r.points, change: period.previous ? (r.before === undefined ? 'new' : r.before - rank) : undefined })
  }
  return rows
}

export function participationOf(roster: number, members: number): Participation {
  const active = Math.min(members, roster)
  return { active, roster, rate: roster ? active / roster : 0 }
}

/** A member's own standing (hidden members included): for private answers. */
export async function ownStanding(db: DbOrTrx, chatId: string, period: string, userid: string): Promise<{ rank?: number; points: number; of: number }> {
  const points = await memberPoints(db, chatId, userid, period)
  const counts = await totalsOfPeriod(db, chatId, period)
    .select([(eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when t.points > ${points} then 1 else 0 end)`.as('above')])
    .where('t.points', '>', 0)
    .executeTakeFirst()
  return { points, of: Number(counts?.n ?? 0), ...(points > 0 ? { rank: Number(counts?.above ?? 0) + 1 } : {}) }
}

export interface GroupStanding {
  rank: number
  chatId: string
  name: string
  roster: number
  active: number
  rate: number
  points: number
  perMember: number
}

/** 支部评比: every group ranked by participation rate, then points per member. One read of one row per group. */
export async function compareGroups(db: DbOrTrx, period: string): Promise<GroupStanding[]> {
  // Every group with a roster, its name and its total of the period (looked up by its key), in
  // ONE read that comes back packed (one JSON value): 1,000 groups as row objects cost ~3× more.
  const rows = await packedRows<[string, string | null, number, number | null, number | null]>(
    db,
    db
      .selectFrom('group_rosters as r')
      .innerJoin('chats as c', 'c.chat_id', 'r.chat_id')
      .leftJoin('group_point_totals as g', (j) => j.onRef('g.chat_id', '=', 'r.chat_id').on('g.period', '=', period))
      .select(['r.chat_id', 'c.name', 'r.members as roster', 'g.points', 'g.members'])
      .where('c.type', '=', 'group')
      .where('r.members', '>', 0),
    ['chat_id', 'name', 'roster', 'points', 'members'],
  )
  const list = rows
    .map(([chatId, name, members, total, withPoints]) => {
      const roster = Number(members)
      const active = Math.min(Number(withPoints ?? 0), roster)
      const points = Number(total ?? 0)
      return { chatId, name: groupLabel({ chat_id: chatId, name }), roster, active, rate: active / roster, points, perMember: points / roster }
    })
    .sort((a, b) => b.rate - a.rate || b.perMember - a.perMember || a.name.localeCompare(b.name))
  const out: GroupStanding[] = []
  for (const [i, g] of list.entries()) {
    const prev = out[i - 1]
    const rank = prev && prev.rate === g.rate && prev.perMember === g.perMember ? prev.rank : i + 1
    out.push({ rank, ...g })
  }
  return out
}
