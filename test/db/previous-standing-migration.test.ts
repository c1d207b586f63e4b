// Migration 0020: running totals carry the standing in the period before (prev_points, prev_rank).
// Up fills them for the latest week, month and year on record from the totals already there (rank
// with ties, counting everyone), covered by the board index; down takes them away again.
import { sql } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { down, up } from '../../migrations/2026_12_07_0020_point_totals_previous.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

let dbh: TestDb
beforeEach(async () => (dbh = await createTestDb()))
afterEach(() => dbh.drop())

it('fills names, and last period’s points and rank, for the latest week, month and year, and goes back down', async () => {
  const db = dbh.db
  await down(db)
  // wr-g1 in weeks 47 and 48 (a tie for first in 47, one member with 0 then), months 10 and 11, year 2026; an older week 46.
  const rows: [string, string, string, number][] = [
    ['wr-g1', 'a', '2026-W47', 5], ['wr-g1', 'b', '2026-W47', 5], ['wr-g1', 'c', '2026-W47', 2], ['wr-g1', 'd', '2026-W47', 0],
    ['wr-g1', 'a', '2026-W48', 1], ['wr-g1', 'c', '2026-W48', 9], ['wr-g1', 'd', '2026-W48', 3], ['wr-g1', 'e', '2026-W48', 4],
    ['wr-g1', 'a', '2026-W46', 7], ['wr-g1', 'a', '2026-10', 3], ['wr-g1', 'c', '2026-10', 8], ['wr-g1', 'a', '2026-11', 2],
    ['wr-g2', 'a', '2026-W47', 1], ['wr-g2', 'a', '2026-W48', 1], ['wr-g1', 'a', '2026', 9], ['wr-g1', 'a', 'all', 20],
  ]
  for (const userid of ['a', 'c']) await db.insertInto('users').values({ userid, name: `成员${userid}`, first_seen_at: '2026-01-01T00:00:00Z' }).execute()
  for (const [chat_id, userid, period, points] of rows) await db.insertInto('point_totals').values({ chat_id, userid, period, points, events: 1 } as never).execute()
  await up(db)
  const got = await db.selectFrom('point_totals').select(['chat_id', 'userid', 'period', 'prev_points', 'prev_rank']).orderBy('chat_id').orderBy('period').orderBy('userid').execute()
  const of = (chat: string, period: string) => Object.fromEntries(got.filter((r) => r.chat_id === chat && r.period === period).map((r) => [r.userid, [r.prev_points === null ? null : Number(r.prev_points), r.prev_rank]]))
  expect(of('wr-g1', '2026-W48')).toEqual({ a: [5, 1], c: [2, 3], d: [0, null], e: [null, null] })
  expect(of('wr-g2', '2026-W48')).toEqual({ a: [1, 1] }) // ranked within its own group
  expect(of('wr-g1', '2026-W47')).toEqual({ a: [null, null], b: [null, null], c: [null, null], d: [null, null] }) // not the latest week
  expect(of('wr-g1', '2026-11')).toEqual({ a: [3, 2] })
  expect(of('wr-g1', '2026')).toEqual({ a: [null, null] })
  // names: on the latest periods and all time (from users; null where the member has no name)
  const names = await db.selectFrom('point_totals').select(['period', 'userid', 'name']).where('chat_id', '=', 'wr-g1').where('userid', 'in', ['a', 'c', 'd']).execute()
  const nameOf = (period: string, userid: string) => names.find((r) => r.period === period && r.userid === userid)?.name
  expect([nameOf('2026-W48', 'a'), nameOf('2026-W48', 'c'), nameOf('2026-W48', 'd'), nameOf('all', 'a'), nameOf('2026-11', 'a'), nameOf('2026', 'a')]).toEqual(['成员a', '成员c', null, '成员a', '成员a', '成员a'])
  expect(nameOf('2026-W47', 'a')).toBeNull()
  if (dbh.dialect === 'sqlite') {
    const index = await sql<{ sql: string }>`select sql from sqlite_master where name = 'point_totals_rank'`.execute(db)
    expect(index.rows[0]?.sql.toLowerCase()).toContain('(chat_id, period, points desc, userid, prev_points, prev_rank, name)')
  }
  await down(db)
  const columns = Object.keys((await db.selectFrom('point_totals').selectAll().executeTakeFirst()) ?? {})
  expect(columns.sort()).toEqual(['chat_id', 'events', 'period', 'points', 'userid'])
  await up(db) // back to the latest for the test database's drop
})
