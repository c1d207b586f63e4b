// The boards' query (allGroupBoards: the Sunday job's every group, /排行's one) must give, group for
// group, the board written the plain way (referenceBoard below: the top 10 ordered by points then
// userid, last week's ranks by rank() over all of last week's totals): the same top 10 in the same
// order — ties at the 10th place cut by userid — the same change since last week (computed among
// visible members only) and the same participation.
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DbOrTrx } from '../../src/deps.js'
import { allGroupBoards } from '../../src/leaderboard/batch.js'
import { boardRows, compareGroups, participationOf, type GroupBoard } from '../../src/leaderboard/board.js'
import { hide } from '../../src/leaderboard/hidden.js'
import { boardPeriod, type BoardPeriod } from '../../src/leaderboard/periods.js'
import { addToRoster } from '../../src/members/roster.js'
import { award, reverse } from '../../src/points/ledger.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

const TZ = 'Asia/Shanghai'
const LAST_WEEK = new Date('2026-11-17T02:00:00Z') // 2026-W47
const THIS_WEEK = new Date('2026-11-23T02:00:00Z') // 2026-W48
const AT = '2026-09-01T00:00:00.000Z'

let dbh: TestDb
beforeEach(async () => {
  dbh = await createTestDb()
})
afterEach(() => dbh.drop())

/** Small deterministic generator: the same "random" groups on every run and dialect. */
function lcg(seed: number): () => number {
  let s = seed
  return () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648)
}

async function seed(): Promise<string[]> {
  const rnd = lcg(7)
  // g0: 40 members with totals of 1 to 4 (long ties across the 10th place); g1: 6 members with
  // points (fewer than 10); g2: nobody has points; g3: 25 members, two of them hidden, one of whom
  // led last week; g4: one member; g5 (below): a member whose last week was reversed to 0.
  const sizes = [40, 6, 12, 25, 1]
  const chats = sizes.map((_, g) => `wr-g${g}`)
  let award_n = 0
  // Drawn group by group, made in time order (last week's awards before this week's), as they happen.
  const awards: { at: Date; userid: string; chatId: string; points: number; key: string }[] = []
  for (const [g, size] of sizes.entries()) {
    const chatId = chats[g]!
    await dbh.db.insertInto('chats').values({ chat_id: chatId, type: 'group', name: `第${g + 1}支部`, first_seen_at: AT, last_seen_at: AT, webhook_key: null, longconn_ok: 0, last_push_at: null }).execute()
    for (let m = 0; m < size; m++) {
      const userid = `u${g}-${String(m).padStart(2, '0')}`
      await addToRoster(dbh.db, { chatId, userid, name: m % 3 === 0 ? undefined : `成员${g}-${m}`, at: AT })
      if (g === 2) continue
      for (const [at, odds] of [[LAST_WEEK, 0.7], [THIS_WEEK, 0.85]] as const) {
        if (g === 1 && m >= 6) continue
        if (rnd() > odds) continue
        const points = g === 0 ? 1 + Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 20)
        awards.push({ key: `t:${award_n++}`, userid, chatId, points, at })
      }
    }
  }
  // The hidden leader of g3 last week: everyone below moves up a place among the visible.
  awards.push({ key: 'lead', userid: 'u3-00', chatId: 'wr-g3', points: 100, at: LAST_WEEK })
  for (const a of awards.filter((x) => x.at === LAST_WEEK).concat(awards.filter((x) => x.at === THIS_WEEK))) {
    await award(dbh.db, { ...a, rule: 'checkin.daily', tz: TZ })
  }
  await hide(dbh.db, 'u3-00', THIS_WEEK)
  await hide(dbh.db, 'u3-05', THIS_WEEK)
  // g5: u5-00's only award last week was reversed (a total of 0 then: new on this week's board, not
  // ranked behind u5-01, who had points then).
  const g5 = 'wr-g5'
  await dbh.db.insertInto('chats').values({ chat_id: g5, type: 'group', name: '第6支部', first_seen_at: AT, last_seen_at: AT, webhook_key: null, longconn_ok: 0, last_push_at: null }).execute()
  for (const userid of ['u5-00', 'u5-01']) await addToRoster(dbh.db, { chatId: g5, userid, name: userid, at: AT })
  await award(dbh.db, { key: 'g5-undone', userid: 'u5-00', chatId: g5, rule: 'checkin.daily', points: 7, at: LAST_WEEK, tz: TZ })
  await reverse(dbh.db, 'g5-undone', THIS_WEEK, TZ)
  await award(dbh.db, { key: 'g5-then', userid: 'u5-01', chatId: g5, rule: 'checkin.daily', points: 3, at: LAST_WEEK, tz: TZ })
  for (const [n, userid] of ['u5-00', 'u5-01'].entries()) await award(dbh.db, { key: `g5-now-${n}`, userid, chatId: g5, rule: 'checkin.daily', points: 5 - n, at: THIS_WEEK, tz: TZ })
  chats.push(g5)
  return chats
}

/** A group's board read the plain way, one query per part. */
async function referenceBoard(db: DbOrTrx, chatId: string, period: BoardPeriod, hidden: string[]): Promise<GroupBoard> {
  let top = db
    .selectFrom('point_totals as t')
    .leftJoin('users as u', 'u.userid', 't.userid')
    .select(['t.userid', 't.points', 'u.name'])
    .where('t.chat_id', '=', chatId)
    .where('t.period', '=', period.key)
    .where('t.points', '>', 0)
  if (hidden.length) top = top.where('t.userid', 'not in', hidden)
  const rows = (await top.orderBy('t.points', 'desc').orderBy('t.userid').limit(10).execute()).map((r) => ({ userid: r.userid, name: r.name, points: Number(r.points) }))
  let before: Map<string, number> | undefined
  if (period.previous) {
    let ranked = db
      .selectFrom('point_totals')
      .select(['userid', sql<number>`rank() over (order by points desc)`.as('r')])
      .where('chat_id', '=', chatId)
      .where('period', '=', period.previous)
      .where('points', '>', 0)
    if (hidden.length) ranked = ranked.where('userid', 'not in', hidden)
    before = new Map((await db.selectFrom(ranked.as('ranked')).select(['userid', 'r']).execute()).map((r) => [r.userid, Number(r.r)]))
  }
  const p = await db
    .selectFrom('group_rosters as r')
    .leftJoin('group_point_totals as g', (j) => j.onRef('g.chat_id', '=', 'r.chat_id').on('g.period', '=', period.key))
    .select(['r.members as roster', 'g.members as active'])
    .where('r.chat_id', '=', chatId)
    .executeTakeFirst()
  const ranked = rows.map((r) => ({ ...r, ...(before?.has(r.userid) ? { before: before.get(r.userid) } : {}) }))
  return { chatId, rows: boardRows(ranked, period), participation: participationOf(Number(p?.roster ?? 0), Number(p?.active ?? 0)) }
}

describe('every group’s board at once', () => {
  it('is, group for group, the board read the plain way', async () => {
    const chats = await seed()
    const hidden = ['u3-00', 'u3-05']
    for (const kind of ['week', 'month', 'all'] as const) {
      const period = boardPeriod(kind, THIS_WEEK, TZ)
      const all = await allGroupBoards(dbh.db, chats, period, hidden, await compareGroups(dbh.db, period.key))
      expect(all.map((b) => b.chatId)).toEqual(chats)
      for (const board of all) expect(board, `${kind} ${board.chatId}`).toEqual(await referenceBoard(dbh.db, board.chatId, period, hidden))
    }
    // What the cases above were meant to cover did happen.
    const week = boardPeriod('week', THIS_WEEK, TZ)
    const [g0, g1, g2, g3, , g5] = await allGroupBoards(dbh.db, chats, week, hidden, await compareGroups(dbh.db, week.key))
    expect(g0!.rows).toHaveLength(10)
    expect(g0!.rows[9]!.rank).toBeLessThan(10) // tied at the 10th place
    expect(g1!.rows.length).toBeGreaterThan(0)
    expect(g1!.rows.length).toBeLessThan(10)
    expect(g2!.rows).toEqual([])
    expect(g3!.rows.map((r) => r.userid)).not.toContain('u3-05')
    expect(g3!.rows.some((r) => r.change === 'new')).toBe(true)
    expect(g3!.rows.some((r) => typeof r.change === 'number' && r.change !== 0)).toBe(true)
    expect([g0, g1, g3].some((b) => b!.rows.some((r) => r.name === r.userid))).toBe(true) // no name: the userid
    expect(g5!.rows.map((r) => [r.userid, r.rank, r.change])).toEqual([
      ['u5-00', 1, 'new'],
      ['u5-01', 2, -1],
    ])
  })
})
