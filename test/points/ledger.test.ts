import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { award, memberPoints, rankOf, reverse, topN } from '../../src/points/ledger.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

const TZ = 'Asia/Shanghai'
const MON_0900 = new Date('2026-11-23T01:00:00Z') // Mon 09:00 Asia/Shanghai
const SUN_2359 = new Date('2026-11-29T15:59:00Z') // Sun 23:59, still week 48
const MON_0000 = new Date('2026-11-29T16:00:00Z') // Mon 00:00 of week 49

let deps: TestDeps
beforeEach(async () => (deps = await createTestDeps()))
afterEach(() => deps.dbh.drop())

describe('points ledger', () => {
  it('awards once per key and keeps running totals per period', async () => {
    const db = deps.db
    expect(await award(db, { key: 'k1', userid: 'zhangsan', chatId: 'g', rule: 'checkin.daily', at: MON_0900, tz: TZ })).toBe(1)
    expect(await award(db, { key: 'k1', userid: 'zhangsan', chatId: 'g', rule: 'checkin.daily', at: MON_0900, tz: TZ })).toBe(0)
    await award(db, { key: 'k2', userid: 'zhangsan', chatId: 'g', rule: 'session.ontime', at: SUN_2359, tz: TZ })
    await award(db, { key: 'k3', userid: 'zhangsan', chatId: 'g', rule: 'checkin.daily', at: MON_0000, tz: TZ })
    expect(await memberPoints(db, 'g', 'zhangsan', '2026-W48')).toBe(3)
    expect(await memberPoints(db, 'g', 'zhangsan', '2026-W49')).toBe(1)
    expect(await memberPoints(db, 'g', 'zhangsan', 'all')).toBe(4)
    const group = await db.selectFrom('group_point_totals').selectAll().where('period', '=', '2026-W48').execute()
    expect(group).toMatchObject([{ chat_id: 'g', points: 3, members: 1 }])
    // one row per board period (all time, year, month, week) — no daily totals
    const periods = await db.selectFrom('point_totals').select('period').where('userid', '=', 'zhangsan').orderBy('period').execute()
    expect(periods.map((r) => r.period)).toEqual(['2026', '2026-11', '2026-W48', '2026-W49', 'all'])
    const groupPeriods = await db.selectFrom('group_point_totals').select('period').orderBy('period').execute()
    expect(groupPeriods.map((r) => r.period)).toEqual(['2026', '2026-11', '2026-W48', '2026-W49', 'all'])
  })

  it('ranks with ties and reverses an award in its own week', async () => {
    const db = deps.db
    await award(db, { key: 'a', userid: 'zhangsan', chatId: 'g', rule: 'session.ontime', at: MON_0900, tz: TZ })
    await award(db, { key: 'b', userid: 'lisi', chatId: 'g', rule: 'session.ontime', at: MON_0900, tz: TZ })
    await award(db, { key: 'c', userid: 'wangwu', chatId: 'g', rule: 'checkin.daily', at: MON_0900, tz: TZ })
    expect(await rankOf(db, 'g', '2026-W48', 'lisi')).toBe(1)
    expect(await rankOf(db, 'g', '2026-W48', 'wangwu')).toBe(3)
    expect(await reverse(db, 'a', MON_0000, TZ)).toBe(2)
    expect(await reverse(db, 'a', MON_0000, TZ)).toBe(0)
    expect(await memberPoints(db, 'g', 'zhangsan', '2026-W48')).toBe(0)
    expect(await topN(db, 'g', '2026-W48', 2)).toEqual([
      { userid: 'lisi', points: 2 },
      { userid: 'wangwu', points: 1 },
    ])
  })

  it('two awards of the same key at the same moment count once', async () => {
    const db = deps.db
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => db.transaction().execute((trx) => award(trx, { key: 'same', userid: 'u', chatId: 'g', rule: 'checkin.daily', at: MON_0900, tz: TZ }))),
    )
    expect(results.filter((p) => p > 0)).toHaveLength(1)
    expect(await memberPoints(db, 'g', 'u', 'all')).toBe(1)
  })
})
