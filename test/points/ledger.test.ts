import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addToRoster, setName } from '../../src/members/roster.js'
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

  it('keeps each new total’s standing in the period before, and passes a late change on to the next period', async () => {
    const db = deps.db
    const give = (key: string, userid: string, rule: string, at: Date) => award(db, { key, userid, chatId: 'g', rule, at, tz: TZ })
    const standing = async (period: string) =>
      Object.fromEntries(
        (await db.selectFrom('point_totals').select(['userid', 'prev_points', 'prev_rank']).where('chat_id', '=', 'g').where('period', '=', period).orderBy('userid').execute()).map((r) => [
          r.userid,
          [r.prev_points === null ? null : Number(r.prev_points), r.prev_rank],
        ]),
      )
    // Week 48: lisi 2, zhangsan 2 (tied first), wangwu 1 (third).
    await give('a', 'zhangsan', 'session.ontime', MON_0900)
    await give('b', 'lisi', 'session.ontime', MON_0900)
    await give('c', 'wangwu', 'checkin.daily', SUN_2359)
    expect(await standing('2026-W48')).toEqual({ lisi: [null, null], wangwu: [null, null], zhangsan: [null, null] }) // first awards: nothing before
    // Week 49: each first award of the week copies the standing of week 48; a newcomer has none.
    await give('d', 'wangwu', 'checkin.daily', MON_0000)
    await give('e', 'zhangsan', 'checkin.daily', MON_0000)
    await give('f', 'zhaoliu', 'checkin.daily', MON_0000)
    await give('g', 'wangwu', 'checkin.daily', new Date(MON_0000.getTime() + 86_400_000)) // not new: unchanged
    expect(await standing('2026-W49')).toEqual({ wangwu: [1, 3], zhangsan: [2, 1], zhaoliu: [null, null] })
    // Late: zhangsan's week-48 award is taken back — week 49 sees zhangsan at 0 then and wangwu second.
    await reverse(db, 'a', new Date(MON_0000.getTime() + 2 * 86_400_000), TZ)
    expect(await standing('2026-W49')).toEqual({ wangwu: [1, 2], zhangsan: [0, null], zhaoliu: [null, null] })
    // The month (November → December starts on Dec 1) carries the same way.
    await give('h', 'lisi', 'checkin.daily', new Date('2026-12-01T01:00:00Z'))
    expect((await standing('2026-12')).lisi).toEqual([2, 1])
  })

  it('writes the member’s name with each total, and a new name reaches all their totals', async () => {
    const db = deps.db
    const at = MON_0900.toISOString()
    await addToRoster(db, { chatId: 'g', userid: 'zhangsan', name: '张三', at })
    await addToRoster(db, { chatId: 'h', userid: 'zhangsan', at })
    await addToRoster(db, { chatId: 'g', userid: 'lisi', at }) // never named
    await award(db, { key: 'a', userid: 'zhangsan', chatId: 'g', rule: 'checkin.daily', at: MON_0900, tz: TZ })
    await award(db, { key: 'b', userid: 'zhangsan', chatId: 'h', rule: 'checkin.daily', at: MON_0900, tz: TZ })
    await award(db, { key: 'c', userid: 'lisi', chatId: 'g', rule: 'checkin.daily', at: MON_0900, tz: TZ })
    const names = async () => {
      const rows = await db.selectFrom('point_totals').select(['chat_id', 'userid', 'name']).execute()
      return [...new Set(rows.map((r) => `${r.chat_id}/${r.userid}=${r.name}`))].sort()
    }
    expect(await names()).toEqual(['g/lisi=null', 'g/zhangsan=张三', 'h/zhangsan=张三'])
    await setName(db, 'zhangsan', '张小三', at)
    await addToRoster(db, { chatId: 'g', userid: 'lisi', name: '李四', at })
    expect(await names()).toEqual(['g/lisi=李四', 'g/zhangsan=张小三', 'h/zhangsan=张小三'])
  })
})

