// Group boards — every group's at once for the Sunday job, one group's for /排行: per chunk of groups
// ONE query. For a week or all time it reads only the rows that can be on a board: each group's
// first `limit` visible entries of the board index point_totals_rank (week and all-time rows only:
// points/board-index.ts), which is in board order (points descending, then userid, so ties at the
// last place are cut by userid) and holds everything a board row shows — the member's name and
// their standing in the period before, kept on the row by the ledger (src/points/previous.ts). A
// month's or year's board looks the group's totals of the period up member by member and sorts
// them. The rows come back packed, one JSON array per group.
import { sql } from 'kysely'
import { inList } from '../db/in-list.js'
import { packed, unpack } from '../db/packed.js'
import type { DbOrTrx } from '../deps.js'
import { totalsOfPeriod } from '../points/board-index.js'
import { boardRows, participationOf, type GroupBoard, type GroupStanding, type Top } from './board.js'
import type { BoardPeriod } from './periods.js'

// Groups per query: the Sunday job's 1,000 in one (their ids are one parameter: db/in-list.ts).
const CHUNK = 1000

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

/** One board row as the query packs it: userid, points, name, rank in the previous period and, when members are hidden, points in it. */
type Packed = [string, number | string, string | null, number | string | null, (number | string | null)?]

async function topsOf(db: DbOrTrx, chatIds: string[], period: BoardPeriod, hidden: string[], limit: number): Promise<Map<string, Top[]>> {
  const visible = hidden.length ? sql<boolean>`t.userid not in (${sql.join(hidden)})` : sql<boolean>`1 = 1`
  // A week's top: the first `limit` visible entries of the group's range of the board index; no
  // other table is read (10,000 rows of names and last week's totals and ranks were three lookups
  // each). A month's or year's: the group's totals of it, looked up member by member and sorted.
  // The previous period's points are needed only to take hidden members off a previous rank.
  const columns: ('userid' | 'points' | 'name' | 'prev_rank' | 'prev_points')[] = ['userid', 'points', 'name', 'prev_rank', ...(hidden.length ? (['prev_points'] as const) : [])]
  const top = totalsOfPeriod(db, sql.ref('c.chat_id'), period.key)
    .select(columns.map((c) => `t.${c}` as const))
    .where('t.points', '>', 0)
    .where(visible)
    .orderBy('t.points', 'desc')
    .orderBy('t.userid')
    .limit(limit)
  const rows = db.selectFrom(top.as('b')).select(packed(db, columns.map((c) => sql.ref(`b.${c}`))).as('rows'))
  // Packed by the database: one JSON array per group inside one JSON value. Handed over as row
  // objects, the ~10,000 rows of 1,000 groups cost SQLite about as much as finding them.
  const all = await db
    .selectFrom('chats as c')
    .where(inList(db, sql.ref('c.chat_id'), chatIds))
    .select(packed(db, [sql.ref('c.chat_id'), rows]).as('groups'))
    .executeTakeFirst()
  const groups = unpack<[string, unknown]>(all?.groups)
  const ahead = period.previous && hidden.length ? await hiddenAhead(db, chatIds, period.previous, hidden) : undefined
  const out = new Map<string, Top[]>()
  for (const [chatId, rows] of groups) {
    const list: Top[] = []
    const hiddenThen = ahead?.get(chatId)
    for (const [userid, points, name, prevRank, prevPoints] of unpack<Packed>(rows)) {
      // prev_rank counts hidden members too: those of them ahead then are taken off.
      const before = prevRank == null ? undefined : Number(prevRank) - (hiddenThen ? hiddenThen.filter((p) => p > Number(prevPoints)).length : 0)
      list.push({ userid, name, points: Number(points), before })
    }
    // The aggregate keeps the subquery's order on both databases, but need not: sorted again (a list
    // already in order costs the sort one pass).
    out.set(chatId, list.sort(boardOrder))
  }
  return out
}

/** Board order: points descending, then userid. */
const boardOrder = (a: Top, b: Top): number => b.points - a.points || (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0)

/** The hidden members' points (> 0) in the previous period, per group: they do not count in a visible rank. */
async function hiddenAhead(db: DbOrTrx, chatIds: string[], previous: string, hidden: string[]): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('point_totals')
    .select(['chat_id', 'points'])
    .where(inList(db, sql.ref('chat_id'), chatIds))
    .where('userid', 'in', hidden)
    .where('period', '=', previous)
    .where('points', '>', 0)
    .execute()
  const out = new Map<string, number[]>()
  for (const r of rows) out.set(r.chat_id, [...(out.get(r.chat_id) ?? []), Number(r.points)])
  return out
}
