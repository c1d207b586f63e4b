// Migration 0021: on SQLite the group totals are keyed (chat_id, period); every row is kept through
// up and down, the ledger's upsert still adds up, and 支部评比 reads the same. PostgreSQL: unchanged.
import { sql } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { down, up } from '../../migrations/2026_12_07_0021_group_totals_by_chat.js'
import { compareGroups } from '../../src/leaderboard/board.js'
import { addToRoster } from '../../src/members/roster.js'
import { award } from '../../src/points/ledger.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

let dbh: TestDb
beforeEach(async () => (dbh = await createTestDb()))
afterEach(() => dbh.drop())

it('keeps every group total, keyed by group first, through down and up', async () => {
  const db = dbh.db
  const at = new Date('2026-11-24T02:00:00Z')
  const members: [string, string][] = [['wr-a', 'zhangsan'], ['wr-b', 'lisi'], ['wr-a', 'wangwu']]
  for (const [n, [chatId, userid]] of members.entries()) {
    await addToRoster(db, { chatId, userid, at: at.toISOString() })
    await award(db, { key: `k${n}`, userid, chatId, rule: 'checkin.daily', points: n + 1, at, tz: 'Asia/Shanghai' })
  }
  const groups = () => db.selectFrom('group_point_totals').selectAll().orderBy('chat_id').orderBy('period').execute()
  const latest = await groups()
  expect(latest.filter((g) => g.period === '2026-W48')).toEqual([
    { chat_id: 'wr-a', period: '2026-W48', points: 4, members: 2 },
    { chat_id: 'wr-b', period: '2026-W48', points: 2, members: 1 },
  ])
  const ranking = await compareGroups(db, '2026-W48')
  await down(db)
  expect(await groups()).toEqual(latest)
  await up(db)
  expect(await groups()).toEqual(latest)
  expect(await compareGroups(db, '2026-W48')).toEqual(ranking)
  if (dbh.dialect === 'sqlite') {
    const table = await sql<{ sql: string }>`select sql from sqlite_master where name = 'group_point_totals'`.execute(db)
    expect(table.rows[0]?.sql.toLowerCase()).toMatch(/primary key \(chat_id, period\)\) without rowid$/)
  }
  await award(db, { key: 'k9', userid: 'lisi', chatId: 'wr-b', rule: 'checkin.daily', points: 5, at, tz: 'Asia/Shanghai' })
  expect((await groups()).find((g) => g.chat_id === 'wr-b' && g.period === '2026-W48')).toMatchObject({ points: 7, members: 1 })
})
