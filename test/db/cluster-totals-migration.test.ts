// Migration 0019: on SQLite the running totals become WITHOUT ROWID tables keyed as before; every
// row is kept, the board index is there again, the period index of group totals is gone (the table
// is in that order now), and the upserts of the ledger still add up. Down restores rowid tables.
// On PostgreSQL it changes nothing.
import { sql } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { down, up } from '../../migrations/2026_12_06_0019_cluster_point_totals.js'
import * as m0020 from '../../migrations/2026_12_07_0020_point_totals_previous.js'
import { award } from '../../src/points/ledger.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

let dbh: TestDb
beforeEach(async () => (dbh = await createTestDb()))
afterEach(() => dbh.drop())

const schemaOf = async (): Promise<Record<string, string>> => {
  const rows = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where tbl_name in ('point_totals', 'group_point_totals') and sql is not null`.execute(dbh.db)
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.sql.toLowerCase()]))
}

it('keeps every total, in tables stored in key order, through up and down', async () => {
  const db = dbh.db
  const at = new Date('2026-11-24T02:00:00Z')
  // Written by the ledger, then back to the rowid tables of before (migrations ran to the latest already).
  for (const [n, userid] of ['zhangsan', 'lisi', 'zhangsan'].entries()) await award(db, { key: `k${n}`, userid, chatId: 'wr-g1', rule: 'checkin.daily', points: 2, at, tz: 'Asia/Shanghai' })
  await m0020.down(db)
  await down(db)
  const totals = () => db.selectFrom('point_totals').selectAll().orderBy('chat_id').orderBy('period').orderBy('userid').execute()
  const groups = () => db.selectFrom('group_point_totals').selectAll().orderBy('period').orderBy('chat_id').execute()
  const before = { totals: await totals(), groups: await groups() }
  expect(before.totals).toHaveLength(8)
  expect(before.groups.find((g) => g.period === '2026-W48')).toMatchObject({ points: 6, members: 2 })

  await up(db)
  expect({ totals: await totals(), groups: await groups() }).toEqual(before)
  await m0020.up(db)
  if (dbh.dialect === 'sqlite') {
    const s = await schemaOf()
    expect(s.point_totals).toMatch(/without rowid$/)
    expect(s.group_point_totals).toMatch(/without rowid$/)
    expect(s.point_totals_rank).toContain('(chat_id, period, points desc, userid, prev_points, prev_rank, name)')
    expect(s.group_point_totals_period).toBeUndefined()
  }
  // The ledger's upserts work on the new tables.
  await award(db, { key: 'k3', userid: 'lisi', chatId: 'wr-g1', rule: 'checkin.daily', points: 5, at, tz: 'Asia/Shanghai' })
  expect((await groups()).find((g) => g.period === '2026-W48')).toMatchObject({ points: 11, members: 2 })
  expect((await totals()).find((t) => t.period === '2026-W48' && t.userid === 'lisi')).toMatchObject({ points: 7, events: 2 })

  await m0020.down(db)
  const after = { totals: await totals(), groups: await groups() }
  await down(db)
  expect({ totals: await totals(), groups: await groups() }).toEqual(after)
  if (dbh.dialect === 'sqlite') {
    const s = await schemaOf()
    expect(s.point_totals).not.toMatch(/without rowid/)
    expect(s.group_point_totals_period).toContain('(period, chat_id, points, members)')
  }
  await up(db) // back to the latest for the test database's drop
  await m0020.up(db)
})
