// 1 Callback pipeline: encrypted `/签到` callbacks through the real app (verify, decrypt, dedupe,
// sign-in, points, encrypted reply; SQLite file) against a bare express handler that only
// verifies, decrypts and echoes — both served by a child process, load from a second child.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { generateCallbackKeys } from '../test/support/callback-client.js'
import { round, type Bench, type Row } from './lib/common.js'
import type { LoadResult } from './lib/load.js'
import { runLoad, startServer } from './lib/processes.js'

const GROUPS = 100

interface Figures {
  saturation: LoadResult
  open: Map<number, LoadResult>
}

export const callbackPipeline: Bench = async (o, log) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-callback-'))
  const keys = generateCallbackKeys()
  const dbPath = join(dir, 'bot.db')
  let nextUser = 0
  const take = (n: number) => {
    const from = nextUser
    nextUser += n
    return { userFrom: from, userCount: n }
  }
  const { saturationSeconds: sat, connections, openLoopSeconds, warmupSeconds, rates } = o.callback
  const figures: Record<'bare' | 'app', Figures> = {} as never
  try {
    for (const kind of ['bare', 'app'] as const) {
      // Each figure gets a server process of its own (the app's on the same SQLite file), so no
      // figure inherits another's backlog: a saturated run leaves queued work, a WAL to checkpoint
      // and an old generation to collect behind it.
      const measure = async (load: (base: { port: number; token: string; aesKey: string; groups: number }) => Promise<LoadResult>) => {
        const server = await startServer({ kind, ...keys, dbPath })
        try {
          return await load({ port: server.port, ...keys, groups: GROUPS })
        } finally {
          await server.stop()
        }
      }
      log(`  ${kind}: saturation ${sat} s, ${connections} connections`)
      // The bare handler keeps no state, so its (smaller) pool of requests may repeat.
      const saturation = await measure((base) => runLoad({ mode: 'saturate', ...base, ...take(kind === 'app' ? 5000 * sat : 20_000), seconds: sat, connections }))
      const open = new Map<number, LoadResult>()
      for (const rate of rates) {
        log(`  ${kind}: open loop ${rate} req/s for ${openLoopSeconds} s (+${warmupSeconds} s warm-up)`)
        const users = take(Math.ceil(rate * (openLoopSeconds + warmupSeconds)))
        open.set(rate, await measure((base) => runLoad({ mode: 'open', ...base, ...users, seconds: openLoopSeconds, rate, warmupSeconds })))
      }
      figures[kind] = { saturation, open }
      log(`  ${kind}: ${round(saturation.rps, 0)} req/s saturated; ` + [...open].map(([r, x]) => `${r}/s p99 ${round(x.p99, 2)} ms`).join(', '))
    }
    const check = checkSignIns(dbPath, figures.app)
    const app = figures.app
    const bare = figures.bare
    const rows: Row[] = [
      {
        bench: 'callback',
        figure: 'saturation throughput, /签到 full path',
        value: round(app.saturation.rps, 0),
        unit: 'req/s',
        baseline: { label: 'bare verify+decrypt+echo', value: round(bare.saturation.rps, 0), unit: 'req/s' },
        ratio: app.saturation.rps / bare.saturation.rps,
        ratioLabel: 'of baseline',
        goal: '≥ 50% of baseline',
        pass: app.saturation.rps / bare.saturation.rps >= 0.5,
        note: `${connections} connections, ${sat} s, autocannon; errors ${app.saturation.errors + app.saturation.non2xx}; ${check}`,
      },
    ]
    for (const [rate, goal] of [
      [200, 10],
      [1000, 20],
    ] as const) {
      const a = app.open.get(rate)
      const b = bare.open.get(rate)
      if (!a || !b) continue
      rows.push({
        bench: 'callback',
        figure: `p99 latency at ${rate} req/s, open loop`,
        value: round(a.p99, 2),
        unit: 'ms',
        baseline: { label: 'bare handler p99', value: round(b.p99, 2), unit: 'ms' },
        ratio: a.p99 / b.p99,
        ratioLabel: '× baseline',
        goal: `≤ ${goal} ms`,
        pass: a.p99 <= goal && a.errors + a.non2xx === 0,
        note: `p50 ${round(a.p50, 2)} ms (bare ${round(b.p50, 2)}), max ${round(a.max, 1)} ms; ${a.ok}/${a.sent} answered 200 at ${round(a.rps, 0)} req/s achieved`,
      })
    }
    return rows
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Every 200 answer from the app must be one sign-in row and one point event (distinct members). */
function checkSignIns(dbPath: string, app: Figures): string {
  const db = new SqliteDatabase(dbPath, { readonly: true })
  try {
    const answered = app.saturation.okAll + [...app.open.values()].reduce((s, r) => s + r.okAll, 0)
    const checkins = (db.prepare(`select count(*) as n from att_checkins where userid like 'bench-u%'`).get() as { n: number }).n
    const events = (db.prepare(`select count(*) as n from point_events where rule = 'checkin.daily'`).get() as { n: number }).n
    // More rows than answers = requests the load generator gave up on (10 s) that the bot still completed.
    const ok = checkins >= answered && events === checkins
    return `${ok ? 'checked' : 'MISMATCH'}: ${answered} answers → ${checkins} sign-in rows, ${events} point events${checkins > answered ? ` (${checkins - answered} completed after the client's 10 s timeout)` : ''}`
  } finally {
    db.close()
  }
}
