// Migration 0017: running totals written for days by earlier versions are removed; every board
// period (all time, year, month, ISO week) stays exactly as it was. Runs on both dialects.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { up } from '../../migrations/2026_12_06_0017_drop_daily_point_totals.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

let dbh: TestDb
beforeEach(async () => (dbh = await createTestDb()))
afterEach(() => dbh.drop())

it('removes day totals and keeps the board periods', async () => {
  const db = dbh.db
  const periods = ['all', '2026', '2026-11', '2026-W48', '2026-11-23', '2026-11-24']
  await db.insertInto('point_totals').values(periods.map((period) => ({ chat_id: 'g', userid: 'zhangsan', period, points: 3, events: 2 }))).execute()
  await db.insertInto('group_point_totals').values(periods.map((period) => ({ chat_id: 'g', period, points: 3, members: 1 }))).execute()
  await up(db)
  const kept = ['2026', '2026-11', '2026-W48', 'all']
  expect((await db.selectFrom('point_totals').select(['period', 'points']).orderBy('period').execute()).map((r) => r.period)).toEqual(kept)
  expect((await db.selectFrom('group_point_totals').select('period').orderBy('period').execute()).map((r) => r.period)).toEqual(kept)
  const week = await db.selectFrom('point_totals').select(['points', 'events']).where('period', '=', '2026-W48').executeTakeFirstOrThrow()
  expect(week).toEqual({ points: 3, events: 2 })
})
