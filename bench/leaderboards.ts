// 2 Leaderboards: every group's weekly board plus 支部评比 (group-vs-group ranking), computed by the
// product's leaderboard module from running totals, against a plain GROUP BY over point_events in
// the same database; and the database time of one member's `/排行`.
import { Kysely, SqliteDialect } from 'kysely'
import { performance } from 'node:perf_hooks'
import rank from '../commands/rank.js'
import type { CommandContext } from '../src/bot/command.js'
import type { Database } from '../src/db/schema.js'
import { groupNames } from '../src/groups/groups.js'
import { loadConfig } from '../src/config.js'
import { compileDigest } from '../src/digest/digest.js'
import { digestMarkdown, digestWorkbook } from '../src/digest/render.js'
import { boardShared, boardText } from '../src/leaderboard/answer.js'
import { allGroupBoards } from '../src/leaderboard/batch.js'
import { boardPeriod } from '../src/leaderboard/periods.js'
import { median, round, type Bench, type Row } from './lib/common.js'
import { BOARD_NOW, BOARD_WEEK, TZ, chatOf, groupOfMember, openBoardDb, userOf } from './lib/seed-board.js'

interface Boards {
  tops: Map<string, string[]>
  ranking: string[]
}

export const leaderboards: Bench = async (o, log) => {
  const { dbh, seedSeconds } = await openBoardDb(o.board, log)
  const db = dbh.db
  try {
    const period = boardPeriod('week', BOARD_NOW, TZ)
    if (period.key !== BOARD_WEEK) throw new Error(`unexpected week ${period.key}`)
    const chats = [...(await groupNames(db)).keys()].sort()

    // Product: every group's board (top 10 with change and participation) + the ranking of groups,
    // read the way the Sunday job reads them (one ranking, boards batched over all groups).
    const product = async () => {
      const shared = await boardShared(db, 'week', BOARD_NOW, TZ)
      return { shared, all: await allGroupBoards(db, chats, shared.period, shared.hidden, shared.compare) }
    }
    // Warm-up: the first run reads the file's pages (the page cache, the memory map) and prepares the
    // statements; the next few still took 1.5–2.5× the later ones while V8 compiled the boards'
    // JavaScript (57–72, then 27–43 and 20–29 ms, then 16–21 ms, in one process). They are reported,
    // not counted: the figure is the warm cost, and the baseline is timed warm too.
    const { ms: warmUp } = await timed(5, product)
    // Median of 7: a run is ~20 ms, and one garbage collection in it moves a median of 3.
    const { ms: runs, last: read } = await timed(7, product)

    // Baseline: a plain GROUP BY over the week's events, then the same top 10s and ranking in JS —
    // timed on a warm page cache like the product (a first run reading the file from disk took 30 s),
    // median of 3: this machine's runs of one query drift by a quarter for seconds at a time.
    plainGroupBy(dbh.sqlite!, period.key)
    const { ms: baseRuns, last: base } = await timed(3, async () => plainGroupBy(dbh.sqlite!, period.key))
    // What the comparison with the plain query needs, outside the timing.
    const boards: Boards = { tops: new Map(read.all.map((b) => [b.chatId, b.rows.map((r) => `${r.userid}:${r.points}`)])), ranking: read.shared.compare.map((g) => g.chatId) }
    const productMs = median(runs)
    const baselineMs = median(baseRuns)
    log(`  product boards: ${runs.map((r) => round(r, 0)).join(' / ')} ms`)
    log(`  plain GROUP BY: ${baseRuns.map((r) => round(r, 0)).join(' / ')} ms`)
    const same = sameBoards(boards, base)

    // Issue 7: the Sunday boards (every group's text, as jobs/leaderboard.ts renders them) plus the
    // Monday admin digest (compile, markdown and the .xlsx), median of 3 after the warm-up above.
    const names = await groupNames(db)
    const config = loadConfig({ WECOM_MODE: 'callback', WECOM_BOT_TOKEN: 'benchtoken', WECOM_BOT_AES_KEY: 'a'.repeat(43), LOG_LEVEL: 'silent' })
    const weekly = async () => {
      const shared = await boardShared(db, 'week', BOARD_NOW, TZ)
      const all = await allGroupBoards(db, chats, shared.period, shared.hidden, shared.compare)
      for (const b of all) boardText(shared, b, names.get(b.chatId) ?? b.chatId)
      const digest = await compileDigest(db, config, BOARD_WEEK, new Date(BOARD_NOW.getTime() + 12 * 3_600_000))
      digestMarkdown(digest, TZ)
      await digestWorkbook(digest)
    }
    const { ms: jobRuns } = await timed(3, weekly)
    const jobMs = median(jobRuns)
    log(`  boards + digest: ${jobRuns.map((r) => round(r, 0)).join(' / ')} ms`)

    const rankDb = await rankDatabaseTime(dbh.sqlite!, o.board)
    const sizes = `${o.board.groups.toLocaleString()} groups, ${o.board.members.toLocaleString()} members, ${o.board.events.toLocaleString()} events`
    return [
      {
        bench: 'leaderboards',
        figure: `all weekly boards + group ranking (${o.board.groups.toLocaleString()} groups)`,
        value: round(productMs, 1),
        unit: 'ms',
        baseline: { label: 'plain GROUP BY over events', value: round(baselineMs, 0), unit: 'ms' },
        ratio: baselineMs / productMs,
        ratioLabel: '× faster',
        goal: '≤ 250 ms and ≥ 50× faster',
        pass: productMs <= 250 && baselineMs / productMs >= 50 && same.ok,
        note: `${sizes}${seedSeconds ? ` (seeded this run in ${round(seedSeconds, 0)} s)` : ' (cached seed)'}; boardShared + allGroupBoards (the Sunday job's reads), median of 7 (${runs.map((r) => round(r, 0)).join(' / ')} ms) after 5 warm-up runs (${warmUp.map((r) => round(r, 0)).join(' / ')} ms); the plain query median of 3 (${baseRuns.map((r) => round(r, 0)).join(' / ')} ms); output ${same.text}`,
      },
      {
        bench: 'leaderboards',
        figure: 'weekly boards (job path) + admin digest with .xlsx',
        value: round(jobMs, 0),
        unit: 'ms',
        baseline: { label: 'plain GROUP BY over events', value: round(baselineMs, 0), unit: 'ms' },
        ratio: baselineMs / jobMs,
        ratioLabel: '× faster',
        goal: 'issue 7: boards + digest < 2 s',
        pass: jobMs < 2000,
        note: `${chats.length} group texts (boardShared + allGroupBoards + boardText) + compileDigest, digestMarkdown, digestWorkbook; median of 3: ${jobRuns.map((r) => round(r, 0)).join(' / ')} ms`,
      },
      {
        bench: 'leaderboards',
        figure: '/排行 in a group: database time',
        value: round(rankDb.dbMs, 2),
        unit: 'ms',
        baseline: { label: 'plain GROUP BY (whole week)', value: round(baselineMs, 0), unit: 'ms' },
        ratio: baselineMs / rankDb.dbMs,
        ratioLabel: '× faster',
        goal: '≤ 5 ms',
        pass: rankDb.dbMs <= 5,
        note: `commands/rank.ts run() for one member, median of 20: ${rankDb.queries} queries, wall ${round(rankDb.wallMs, 2)} ms; slowest query ${round(rankDb.slowestMs, 2)} ms: ${rankDb.slowestSql}`,
      },
    ] satisfies Row[]
  } finally {
    await dbh.close()
  }
}

/** Runs `run` `n` times, one after another: each run's milliseconds, and what the last one returned. */
async function timed<T>(n: number, run: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = []
  let last!: T
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    last = await run()
    ms.push(performance.now() - t0)
  }
  return { ms, last }
}

function plainGroupBy(sqlite: NonNullable<import('../src/db/create-db.js').Db['sqlite']>, week: string): Boards {
  const rows = sqlite.prepare(`select chat_id, userid, sum(points) as p from point_events where week = ? group by chat_id, userid`).all(week) as { chat_id: string; userid: string; p: number }[]
  const rosters = sqlite
    .prepare(`select m.chat_id, count(*) as n, c.name from memberships m join chats c on c.chat_id = m.chat_id where m.left_at is null and c.type = 'group' group by m.chat_id`)
    .all() as { chat_id: string; n: number; name: string | null }[]
  const byChat = new Map<string, { userid: string; p: number }[]>()
  for (const r of rows) {
    if (r.p <= 0) continue
    const list = byChat.get(r.chat_id) ?? []
    list.push({ userid: r.userid, p: r.p })
    byChat.set(r.chat_id, list)
  }
  const tops = new Map<string, string[]>()
  const groups = rosters.map((g) => {
    const list = (byChat.get(g.chat_id) ?? []).sort((a, b) => b.p - a.p || (a.userid < b.userid ? -1 : 1))
    tops.set(g.chat_id, list.slice(0, 10).map((x) => `${x.userid}:${x.p}`))
    const points = list.reduce((s, x) => s + x.p, 0)
    const rate = Math.min(list.length, g.n) / g.n
    return { chatId: g.chat_id, name: g.name ?? g.chat_id, rate, perMember: points / g.n }
  })
  groups.sort((a, b) => b.rate - a.rate || b.perMember - a.perMember || a.name.localeCompare(b.name))
  return { tops, ranking: groups.map((g) => g.chatId) }
}

function sameBoards(a: Boards, b: Boards): { ok: boolean; text: string } {
  let diff = 0
  for (const [chat, top] of b.tops) if ((a.tops.get(chat) ?? []).join() !== top.join()) diff++
  const rankingSame = a.ranking.join() === b.ranking.join()
  return diff === 0 && rankingSame
    ? { ok: true, text: 'identical to the plain query (every top 10 and the ranking)' }
    : { ok: false, text: `DIFFERS from the plain query: ${diff} boards${rankingSame ? '' : ' and the ranking'}` }
}

async function rankDatabaseTime(sqlite: NonNullable<import('../src/db/create-db.js').Db['sqlite']>, sizes: { groups: number; members: number }) {
  let dbMs = 0
  let queries = 0
  let slowest = { ms: 0, sql: '' }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (e) => {
      if (e.level !== 'query') return
      dbMs += e.queryDurationMillis
      queries++
      if (e.queryDurationMillis > slowest.ms) slowest = { ms: e.queryDurationMillis, sql: e.query.sql.slice(0, 90) }
    },
  })
  const member = Math.floor(sizes.members / 2)
  const chat = chatOf(groupOfMember(member, sizes as { groups: number; members: number; events: number }))
  const ctx = {
    db,
    config: { timezone: TZ },
    now: BOARD_NOW,
    chat: { id: chat, type: 'group' },
    sender: { userid: userOf(member), name: userOf(member), isAdmin: false },
    incoming: { msgid: 'bench-rank' },
    outbox: { enqueue: async () => true, wake: () => {} },
  } as unknown as CommandContext
  const samples: { db: number; wall: number; queries: number; slowest: typeof slowest }[] = []
  for (let i = 0; i < 23; i++) {
    dbMs = 0
    queries = 0
    slowest = { ms: 0, sql: '' }
    const t0 = performance.now()
    await rank.run(ctx, { kind: 'week' })
    if (i >= 3) samples.push({ db: dbMs, wall: performance.now() - t0, queries, slowest })
  }
  samples.sort((a, b) => a.db - b.db)
  const mid = samples[Math.floor(samples.length / 2)]!
  return { dbMs: mid.db, wallMs: median(samples.map((s) => s.wall)), queries: mid.queries, slowestMs: mid.slowest.ms, slowestSql: mid.slowest.sql }
}
