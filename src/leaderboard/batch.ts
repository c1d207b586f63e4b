// Group boards — every group's at once for the Sunday job, one group's for /排行: per chunk of groups
// ONE query that reads only the rows that can be on a board. For each group it first finds the
// `limit`-th best visible total (a short walk down the index point_totals_rank), then takes the
// totals at or above it — the top with its ties, ~`limit` rows instead of the whole roster — with
// each member's name and, where the period has one before it, their rank then (1 + the visible
// members ahead of them: an index range as long as that rank), all packed into one JSON array. Ties
// at the threshold are cut in JS by userid.
import { sql } from 'kysely'
import { isPostgres } from '../db/create-db.js'
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
    const tops = await topsOf(db, chunk, period, hidden, limit)
    for (const chatId of chunk) {
      const g = standing.get(chatId)
      out.push({ chatId, rows: boardRows(tops.get(chatId) ?? [], period), participation: participationOf(g?.roster ?? 0, g?.active ?? 0) })
    }
  }
  return out
}

/** One board row as the query packs it: chat_id, userid, points, name, rank in the previous period. */
type Packed = [string, string, number | string, string | null, number | string | null]

async function topsOf(db: DbOrTrx, chatIds: string[], period: BoardPeriod, hidden: string[], limit: number): Promise<Map<string, Top[]>> {
  const visible = (alias: 'x' | 't' | 'q') => (hidden.length ? sql<boolean>`${sql.ref(`${alias}.userid`)} not in (${sql.join(hidden)})` : sql<boolean>`1 = 1`)
  const top = db
    .with(
      (cte) => cte('floor').materialized(),
      (qb) =>
        qb
          .selectFrom('chats as c')
          .where('c.chat_id', 'in', chatIds)
          .select((eb) => [
            'c.chat_id',
            eb
              .selectFrom('point_totals as x')
              .select('x.points')
              .whereRef('x.chat_id', '=', 'c.chat_id')
              .where('x.period', '=', period.key)
              .where('x.points', '>', 0)
              .where(visible('x'))
              .orderBy('x.points', 'desc')
              .limit(1)
              .offset(limit - 1)
              .as('points'),
          ]),
    )
    .selectFrom('floor as f')
    // CROSS JOIN: SQLite keeps this order (each group's floor first, then its index range).
    .crossJoin('point_totals as t')
    .leftJoin('users as u', 'u.userid', 't.userid')
    .whereRef('t.chat_id', '=', 'f.chat_id')
    .where('t.period', '=', period.key)
    // One range bound, so the index range starts at the floor (points are whole numbers: > 0 is ≥ 1).
    .where(sql<boolean>`t.points >= coalesce(f.points, 1)`)
    .where(visible('t'))
    .select(['t.chat_id', 't.userid', 't.points', 'u.name'])
  // The rank then: 1 + the visible members ahead in the previous period, for those who had points in
  // it (none for the all-time board, which has no previous period).
  const previous = period.previous
  const board =
    previous === undefined
      ? top.select(sql<number | null>`null`.as('before'))
      : top
          .leftJoin('point_totals as p', (j) => j.onRef('p.chat_id', '=', 't.chat_id').on('p.period', '=', previous).onRef('p.userid', '=', 't.userid'))
          .select((eb) =>
            eb
              .case()
              .when('p.points', '>', 0)
              .then(
                eb
                  .selectFrom('point_totals as q')
                  .select(sql<number>`1 + count(*)`.as('n'))
                  .whereRef('q.chat_id', '=', 't.chat_id')
                  .where('q.period', '=', previous)
                  .whereRef('q.points', '>', 'p.points')
                  .where(visible('q')),
              )
              .end()
              .as('before'),
          )
  // The rows come back as ONE JSON array built by the database. Handed over as row objects, the
  // ~11,000 rows of 1,000 groups cost SQLite about as much as finding them (the statement: 67–76 ms
  // as objects, 49–53 ms as JSON, 41–43 ms counting only; allGroupBoards: 81–83 → 68–71 ms, median
  // of 11, in the bench's 10M-event database on an AMD EPYC core).
  const packed = sql`${sql.ref('r.chat_id')}, ${sql.ref('r.userid')}, ${sql.ref('r.points')}, ${sql.ref('r.name')}, ${sql.ref('r.before')}`
  const all = await db
    .selectFrom(board.as('r'))
    .select((isPostgres(db) ? sql<unknown>`json_agg(json_build_array(${packed}))` : sql<unknown>`json_group_array(json_array(${packed}))`).as('rows'))
    .executeTakeFirst()
  // PostgreSQL's driver parses json; SQLite answers text. No rows: [] (SQLite) or null (PostgreSQL).
  const rows = (typeof all?.rows === 'string' ? JSON.parse(all.rows) : (all?.rows ?? [])) as Packed[]
  const out = new Map<string, Top[]>()
  for (const [chatId, userid, points, name, before] of rows) {
    let list = out.get(chatId)
    if (!list) out.set(chatId, (list = []))
    list.push({ userid, name, points: Number(points), ...(before == null ? {} : { before: Number(before) }) })
  }
  for (const [chatId, list] of out) out.set(chatId, list.sort((a, b) => b.points - a.points || (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0)).slice(0, limit))
  return out
}
