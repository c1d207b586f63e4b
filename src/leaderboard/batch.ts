// Every group's board at once, for the Sunday job: per chunk of groups one query for the top N of
// each (row_number over the period's running totals) and one for those members' ranks in the
// previous period (rank() over the previous totals) — window functions, SQLite ≥ 3.25 and PostgreSQL.
import { sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import { boardRows, participationOf, type GroupBoard, type GroupStanding, type Top } from './board.js'
import type { BoardPeriod } from './periods.js'

const CHUNK = 250

/** Boards of `chatIds` (in that order); `compare` (compareGroups of the period) gives each participation. */
export async function allGroupBoards(db: DbOrTrx, chatIds: string[], period: BoardPeriod, hidden: string[], compare: GroupStanding[], limit = 10): Promise<GroupBoard[]> {
  const standing = new Map(compare.map((g) => [g.chatId, g]))
  const out: GroupBoard[] = []
  for (let i = 0; i < chatIds.length; i += CHUNK) {
    const chunk = chatIds.slice(i, i + CHUNK)
    const tops = await topsOf(db, chunk, period.key, hidden, limit)
    const before = period.previous ? await ranksOf(db, chunk, period.previous, tops, hidden) : undefined
    for (const chatId of chunk) {
      const g = standing.get(chatId)
      const rows = boardRows(tops.get(chatId) ?? [], before ? (before.get(chatId) ?? new Map()) : undefined)
      out.push({ chatId, rows, participation: participationOf(g?.roster ?? 0, g?.active ?? 0) })
    }
  }
  return out
}

async function topsOf(db: DbOrTrx, chatIds: string[], period: string, hidden: string[], limit: number): Promise<Map<string, Top[]>> {
  let inner = db
    .selectFrom('point_totals')
    .select(['chat_id', 'userid', 'points', sql<number>`row_number() over (partition by chat_id order by points desc, userid)`.as('n')])
    .where('chat_id', 'in', chatIds)
    .where('period', '=', period)
    .where('points', '>', 0)
  if (hidden.length) inner = inner.where('userid', 'not in', hidden)
  const rows = await db
    .selectFrom(inner.as('t'))
    .leftJoin('users as u', 'u.userid', 't.userid')
    .select(['t.chat_id', 't.userid', 't.points', 'u.name'])
    .where('t.n', '<=', limit)
    .orderBy('t.chat_id')
    .orderBy('t.n')
    .execute()
  const out = new Map<string, Top[]>()
  for (const r of rows) {
    const list = out.get(r.chat_id) ?? []
    list.push({ userid: r.userid, name: r.name, points: Number(r.points) })
    out.set(r.chat_id, list)
  }
  return out
}

async function ranksOf(db: DbOrTrx, chatIds: string[], period: string, tops: Map<string, Top[]>, hidden: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>()
  const userids = [...new Set([...tops.values()].flat().map((t) => t.userid))]
  if (userids.length === 0) return out
  let inner = db
    .selectFrom('point_totals')
    .select(['chat_id', 'userid', sql<number>`rank() over (partition by chat_id order by points desc)`.as('r')])
    .where('chat_id', 'in', chatIds)
    .where('period', '=', period)
    .where('points', '>', 0)
  if (hidden.length) inner = inner.where('userid', 'not in', hidden)
  const rows = await db.selectFrom(inner.as('p')).select(['chat_id', 'userid', 'r']).where('userid', 'in', userids).execute()
  for (const r of rows) {
    const m = out.get(r.chat_id) ?? new Map<string, number>()
    m.set(r.userid, Number(r.r))
    out.set(r.chat_id, m)
  }
  return out
}
