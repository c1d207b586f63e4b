// Leaderboards read the ledger's running totals (point_totals, group_point_totals), never events:
// a group's top N with the change since the previous period and its participation rate, and the
// group-vs-group ranking (支部评比) by participation rate and points per member — not raw totals.
import type { DbOrTrx } from '../deps.js'
import { groupNames } from '../groups/groups.js'
import { displayNames } from '../members/members.js'
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

/** Competition ranking (1, 1, 3) of the visible members of a group for a period. */
async function visibleTotals(db: DbOrTrx, chatId: string, period: string, hidden: string[], limit?: number) {
  let q = db.selectFrom('point_totals').select(['userid', 'points']).where('chat_id', '=', chatId).where('period', '=', period).where('points', '>', 0)
  if (hidden.length) q = q.where('userid', 'not in', hidden)
  q = q.orderBy('points', 'desc').orderBy('userid')
  if (limit) q = q.limit(limit)
  return (await q.execute()).map((r) => ({ userid: r.userid, points: Number(r.points) }))
}

async function rankAmongVisible(db: DbOrTrx, chatId: string, period: string, points: number, hidden: string[]): Promise<number> {
  let q = db
    .selectFrom('point_totals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chat_id', '=', chatId)
    .where('period', '=', period)
    .where('points', '>', points)
  if (hidden.length) q = q.where('userid', 'not in', hidden)
  return Number((await q.executeTakeFirst())?.n ?? 0) + 1
}

export async function rosterSize(db: DbOrTrx, chatId: string): Promise<number> {
  const r = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('chat_id', '=', chatId).where('left_at', 'is', null).executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function participation(db: DbOrTrx, chatId: string, period: string): Promise<Participation> {
  const roster = await rosterSize(db, chatId)
  const g = await db.selectFrom('group_point_totals').select('members').where('chat_id', '=', chatId).where('period', '=', period).executeTakeFirst()
  const active = Math.min(Number(g?.members ?? 0), roster)
  return { active, roster, rate: roster ? active / roster : 0 }
}

export async function groupBoard(db: DbOrTrx, chatId: string, period: BoardPeriod, hidden: string[], limit = 10): Promise<GroupBoard> {
  const top = await visibleTotals(db, chatId, period.key, hidden, limit)
  const names = await displayNames(db, top.map((r) => r.userid))
  const rows: BoardRow[] = []
  for (const [i, r] of top.entries()) {
    const rank = i > 0 && rows[i - 1]!.points === r.points ? rows[i - 1]!.rank : i + 1
    let change: BoardRow['change']
    if (period.previous) {
      const before = await db
        .selectFrom('point_totals')
        .select('points')
        .where('chat_id', '=', chatId)
        .where('period', '=', period.previous)
        .where('userid', '=', r.userid)
        .executeTakeFirst()
      change = before && Number(before.points) > 0 ? (await rankAmongVisible(db, chatId, period.previous, Number(before.points), hidden)) - rank : 'new'
    }
    rows.push({ rank, userid: r.userid, name: names.get(r.userid) ?? r.userid, points: r.points, ...(change === undefined ? {} : { change }) })
  }
  return { chatId, rows, participation: await participation(db, chatId, period.key) }
}

/** A member's own standing (hidden members included): for private answers. */
export async function ownStanding(db: DbOrTrx, chatId: string, period: string, userid: string): Promise<{ rank?: number; points: number; of: number }> {
  const mine = await db.selectFrom('point_totals').select('points').where('chat_id', '=', chatId).where('period', '=', period).where('userid', '=', userid).executeTakeFirst()
  const of = await db.selectFrom('point_totals').select((eb) => eb.fn.countAll<number>().as('n')).where('chat_id', '=', chatId).where('period', '=', period).where('points', '>', 0).executeTakeFirst()
  const points = Number(mine?.points ?? 0)
  return { points, of: Number(of?.n ?? 0), ...(points > 0 ? { rank: await rankAmongVisible(db, chatId, period, points, []) } : {}) }
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

/** 支部评比: every group ranked by participation rate, then points per member. Two queries for all groups. */
export async function compareGroups(db: DbOrTrx, period: string): Promise<GroupStanding[]> {
  const names = await groupNames(db)
  const rosters = await db
    .selectFrom('memberships')
    .innerJoin('chats', 'chats.chat_id', 'memberships.chat_id')
    .select(['memberships.chat_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('chats.type', '=', 'group')
    .where('memberships.left_at', 'is', null)
    .groupBy('memberships.chat_id')
    .execute()
  const totals = await db.selectFrom('group_point_totals').select(['chat_id', 'points', 'members']).where('period', '=', period).execute()
  const byChat = new Map(totals.map((t) => [t.chat_id, t]))
  const list = rosters
    .filter((r) => Number(r.n) > 0 && names.has(r.chat_id))
    .map((r) => {
      const roster = Number(r.n)
      const t = byChat.get(r.chat_id)
      const active = Math.min(Number(t?.members ?? 0), roster)
      const points = Number(t?.points ?? 0)
      return { chatId: r.chat_id, name: names.get(r.chat_id)!, roster, active, rate: active / roster, points, perMember: points / roster }
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

