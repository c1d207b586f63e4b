// Leaderboards read the ledger's running totals (point_totals, group_point_totals) and the roster
// counts (group_rosters), never events: a group's top N with the change since the previous period
// and its participation rate, and the group-vs-group ranking (支部评比) by participation rate and
// points per member — not raw totals. A board is two indexed reads; the Sunday job reads every
// group's board in one query per 250 groups (batch.ts).
import { sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'
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

export type Top = { userid: string; name: string | null; points: number }

/** Competition ranks (1, 1, 3) over rows ordered by points, and the change against `before` (previous period's ranks). */
export function boardRows(top: Top[], before: Map<string, number> | undefined): BoardRow[] {
  const rows: BoardRow[] = []
  for (const [i, r] of top.entries()) {
    const rank = i > 0 && rows[i - 1]!.points === r.points ? rows[i - 1]!.rank : i + 1
    const then = before?.get(r.userid)
    const change = before ? { change: then === undefined ? ('new' as const) : then - rank } : {}
    rows.push({ rank, userid: r.userid, name: r.name ?? r.userid, points: r.points, ...change })
  }
  return rows
}

export function participationOf(roster: number, members: number): Participation {
  const active = Math.min(members, roster)
  return { active, roster, rate: roster ? active / roster : 0 }
}

/** The visible members' top `limit` of a group for a period, with their names and (on each row) the group's participation. */
async function visibleTop(db: DbOrTrx, chatId: string, period: string, hidden: string[], limit: number): Promise<{ top: Top[]; participation?: Participation }> {
  let q = db
    .selectFrom('point_totals as t')
    .leftJoin('users as u', 'u.userid', 't.userid')
    .select([
      't.userid',
      't.points',
      'u.name',
      sql<number | null>`(select members from group_rosters where chat_id = ${chatId})`.as('roster'),
      sql<number | null>`(select members from group_point_totals where period = ${period} and chat_id = ${chatId})`.as('active'),
    ])
    .where('t.chat_id', '=', chatId)
    .where('t.period', '=', period)
    .where('t.points', '>', 0)
  if (hidden.length) q = q.where('t.userid', 'not in', hidden)
  const rows = await q.orderBy('t.points', 'desc').orderBy('t.userid').limit(limit).execute()
  const first = rows[0]
  return {
    top: rows.map((r) => ({ userid: r.userid, name: r.name, points: Number(r.points) })),
    ...(first ? { participation: participationOf(Number(first.roster ?? 0), Number(first.active ?? 0)) } : {}),
  }
}

/** Rank among the visible members in `period` of each of `userids` who had points then. */
export async function ranksIn(db: DbOrTrx, chatId: string, period: string, userids: string[], hidden: string[]): Promise<Map<string, number>> {
  if (userids.length === 0) return new Map()
  let inner = db
    .selectFrom('point_totals')
    .select(['userid', sql<number>`rank() over (order by points desc)`.as('r')])
    .where('chat_id', '=', chatId)
    .where('period', '=', period)
    .where('points', '>', 0)
  if (hidden.length) inner = inner.where('userid', 'not in', hidden)
  const rows = await db.selectFrom(inner.as('ranked')).select(['userid', 'r']).where('userid', 'in', userids).execute()
  return new Map(rows.map((r) => [r.userid, Number(r.r)]))
}

export async function rosterSize(db: DbOrTrx, chatId: string): Promise<number> {
  const r = await db.selectFrom('group_rosters').select('members').where('chat_id', '=', chatId).executeTakeFirst()
  return Number(r?.members ?? 0)
}

export async function participation(db: DbOrTrx, chatId: string, period: string): Promise<Participation> {
  const r = await db
    .selectFrom('group_rosters as r')
    .leftJoin('group_point_totals as g', (j) => j.onRef('g.chat_id', '=', 'r.chat_id').on('g.period', '=', period))
    .select(['r.members as roster', 'g.members as active'])
    .where('r.chat_id', '=', chatId)
    .executeTakeFirst()
  return participationOf(Number(r?.roster ?? 0), Number(r?.active ?? 0))
}

export async function groupBoard(db: DbOrTrx, chatId: string, period: BoardPeriod, hidden: string[], limit = 10): Promise<GroupBoard> {
  const { top, participation: p } = await visibleTop(db, chatId, period.key, hidden, limit)
  const before = period.previous ? await ranksIn(db, chatId, period.previous, top.map((r) => r.userid), hidden) : undefined
  return { chatId, rows: boardRows(top, before), participation: p ?? (await participation(db, chatId, period.key)) }
}

/** A member's own standing (hidden members included): for private answers. */
export async function ownStanding(db: DbOrTrx, chatId: string, period: string, userid: string): Promise<{ rank?: number; points: number; of: number }> {
  const mine = await db.selectFrom('point_totals').select('points').where('chat_id', '=', chatId).where('period', '=', period).where('userid', '=', userid).executeTakeFirst()
  const points = Number(mine?.points ?? 0)
  const counts = await db
    .selectFrom('point_totals')
    .select([(eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when points > ${points} then 1 else 0 end)`.as('above')])
    .where('chat_id', '=', chatId)
    .where('period', '=', period)
    .where('points', '>', 0)
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

/** 支部评比: every group ranked by participation rate, then points per member. Two reads of ~one row per group. */
export async function compareGroups(db: DbOrTrx, period: string): Promise<GroupStanding[]> {
  const rosters = await db
    .selectFrom('chats as c')
    .innerJoin('group_rosters as r', 'r.chat_id', 'c.chat_id')
    .select(['c.chat_id', 'c.name', 'r.members as roster'])
    .where('c.type', '=', 'group')
    .where('r.members', '>', 0)
    .execute()
  // one contiguous range: the table's own key order on SQLite (period, chat_id), the covering index group_point_totals_period on PostgreSQL
  const totals = await db.selectFrom('group_point_totals').select(['chat_id', 'points', 'members']).where('period', '=', period).execute()
  const byChat = new Map(totals.map((t) => [t.chat_id, t]))
  const list = rosters
    .map((r) => {
      const roster = Number(r.roster)
      const t = byChat.get(r.chat_id)
      const active = Math.min(Number(t?.members ?? 0), roster)
      const points = Number(t?.points ?? 0)
      return { chatId: r.chat_id, name: r.name ?? r.chat_id, roster, active, rate: active / roster, points, perMember: points / roster }
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
