// The board index holds the week and all-time totals only (migration 0022). A group's totals of any
// period, read through totalsOfPeriod, are exactly that period's totals of the group — a month's
// and year's looked up member by member, including a member who was never on the roster — and on
// SQLite each read goes through the index or the primary key, never a scan of the group's history.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { down, up } from '../../migrations/2026_12_07_0022_point_totals_rank_partial.js'
import { totalsOfPeriod } from '../../src/points/board-index.js'
import { award } from '../../src/points/ledger.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

const TZ = 'Asia/Shanghai'
let dbh: TestDb
beforeEach(async () => (dbh = await createTestDb()))
afterEach(() => dbh.drop())

/** Awards over two months and two weeks in two groups; 'outsider' gets points without being on any roster. */
async function seed(): Promise<void> {
  const awards: [string, string, number, string][] = [
    ['wr-a', 'zhangsan', 3, '2026-10-28T02:00:00Z'],
    ['wr-a', 'lisi', 5, '2026-10-29T02:00:00Z'],
    ['wr-a', 'zhangsan', 4, '2026-11-24T02:00:00Z'],
    ['wr-a', 'outsider', 2, '2026-11-25T02:00:00Z'],
    ['wr-a', 'wangwu', 6, '2026-11-26T02:00:00Z'],
    ['wr-b', 'zhangsan', 9, '2026-11-26T02:00:00Z'],
  ]
  for (const [n, [chatId, userid, points, at]] of awards.entries()) await award(dbh.db, { key: `k${n}`, chatId, userid, rule: 'checkin.daily', points, at: new Date(at), tz: TZ })
}

const read = (chat: string, period: string) =>
  totalsOfPeriod(dbh.db, chat, period).select(['t.userid', 't.points']).orderBy('t.points', 'desc').orderBy('t.userid')

const plain = (chat: string, period: string) =>
  dbh.db.selectFrom('point_totals').select(['userid', 'points']).where('chat_id', '=', chat).where('period', '=', period).orderBy('points', 'desc').orderBy('userid')

it('reads a group’s totals of a week, month, year or all time: the same rows as the plain query', async () => {
  await seed()
  const periods = ['2026-W48', '2026-W44', '2026-11', '2026-10', '2026', 'all', '2025']
  for (const chat of ['wr-a', 'wr-b', 'wr-none']) {
    for (const period of periods) expect(await read(chat, period).execute(), `${chat} ${period}`).toEqual(await plain(chat, period).execute())
  }
  expect(await read('wr-a', '2026-11').execute()).toEqual([
    { userid: 'wangwu', points: 6 },
    { userid: 'zhangsan', points: 4 },
    { userid: 'outsider', points: 2 },
  ])
})

it('on SQLite, goes through the board index (weeks, all time) or the all-time rows and the key (months, years)', async () => {
  if (dbh.dialect !== 'sqlite') return
  await seed()
  const plan = (period: string) => {
    const q = read('wr-a', period).compile()
    return (dbh.sqlite!.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail)
  }
  expect(plan('2026-W48')).toEqual(['SEARCH t USING COVERING INDEX point_totals_rank (chat_id=? AND period=?)'])
  expect(plan('all')).toEqual(['SEARCH t USING COVERING INDEX point_totals_rank (chat_id=? AND period=?)'])
  for (const period of ['2026-11', '2026']) {
    expect(plan(period)).toEqual([
      'SEARCH a USING COVERING INDEX point_totals_rank (chat_id=? AND period=?)',
      'SEARCH t USING PRIMARY KEY (chat_id=? AND userid=? AND period=?)',
      'USE TEMP B-TREE FOR ORDER BY',
    ])
  }
})

it('migration 0022 keeps every board the same through down and up', async () => {
  await seed()
  const boards = async () => Promise.all(['2026-W48', '2026-11', '2026', 'all'].map((p) => read('wr-a', p).execute()))
  const before = await boards()
  await down(dbh.db)
  expect(await boards()).toEqual(before)
  await up(dbh.db)
  expect(await boards()).toEqual(before)
})
