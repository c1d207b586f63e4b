// The leaderboard benchmark's seeder must produce running totals that agree with the events,
// or the benchmark would time the product on impossible data. (No timing is asserted here.)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { BOARD_WEEK, seed } from '../../bench/lib/seed-board.js'
import { shiftPeriodKey } from '../../src/time.js'

const dir = mkdtempSync(join(tmpdir(), 'seed-board-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('bench seeder', () => {
  it('writes events, check-ins and running totals that agree', async () => {
    const path = join(dir, 'board.db')
    await seed(path, { groups: 3, members: 30, events: 3_000 }, () => {})
    const db = new SqliteDatabase(path, { readonly: true })
    const one = (sql: string) => Object.values(db.prepare(sql).get() as Record<string, number>)[0]
    expect(one(`select count(*) from point_events`)).toBe(3_000)
    expect(one(`select count(*) from chats where type = 'group'`)).toBe(3)
    expect(one(`select count(*) from memberships`)).toBe(30)
    // every member total per period equals the sum of that member's events in the period
    const mismatched = one(`
      select count(*) from point_totals t where t.points != (
        select coalesce(sum(e.points), 0) from point_events e where e.chat_id = t.chat_id and e.userid = t.userid
          and (t.period = 'all' or e.day = t.period or e.week = t.period or e.month = t.period or substr(e.day, 1, 4) = t.period))`)
    expect(mismatched).toBe(0)
    // group totals: points and members with an award, per period
    const week = db.prepare(`select chat_id, points, members from group_point_totals where period = ? order by chat_id`).all(BOARD_WEEK)
    const fromEvents = db
      .prepare(`select chat_id, sum(points) as points, count(distinct userid) as members from point_events where week = ? group by chat_id order by chat_id`)
      .all(BOARD_WEEK)
    expect(week).toEqual(fromEvents)
    // one check-in row per check-in event
    expect(one(`select count(*) from att_checkins`)).toBe(one(`select count(*) from point_events where rule = 'checkin.daily'`))
    // the latest week's totals carry each member's standing in the week before, as the ledger keeps it
    const standing = db
      .prepare(`select t.userid, t.prev_points, t.prev_rank from point_totals t where t.period = ? order by t.chat_id, t.userid`)
      .all(BOARD_WEEK) as { userid: string; prev_points: number | null; prev_rank: number | null }[]
    const before = db
      .prepare(`select chat_id, userid, points, rank() over (partition by chat_id order by points desc) as r from point_totals where period = ? order by chat_id, userid`)
      .all(shiftPeriodKey(BOARD_WEEK, -1)) as { userid: string; points: number; r: number }[]
    const then = new Map(before.map((b) => [b.userid, b]))
    expect(standing.length).toBeGreaterThan(0)
    expect(standing.filter((t) => t.prev_rank !== null).length).toBeGreaterThan(0)
    for (const t of standing) expect([t.prev_points, t.prev_rank], t.userid).toEqual([then.get(t.userid)?.points ?? null, then.has(t.userid) ? then.get(t.userid)!.r : null])
    // every total carries its member's name, as the ledger writes it
    expect(one(`select count(*) from point_totals t join users u on u.userid = t.userid where t.name is not u.name`)).toBe(0)
    // the secondary indexes dropped for loading are back
    expect(one(`select count(*) from sqlite_master where type = 'index' and name = 'point_totals_rank'`)).toBe(1)
    db.close()
  })
})
