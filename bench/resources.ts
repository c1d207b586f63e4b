// 5 Resources: the bot process's resident memory while it serves 1,000 req/s of /签到 (open loop,
// second process) against the bare handler's; and the event-loop delay p99 in a process that
// compiles the weekly admin digest (through jobs/admin-digest.ts's entry point: compile, markdown,
// PNG chart, .xlsx — in a worker thread over a SQLite file) while the online SQLite backup of
// housekeeping runs, against the same process idle.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { generateCallbackKeys } from '../test/support/callback-client.js'
import { loadConfig } from '../src/config.js'
import { renderTrendPng } from '../src/digest/chart.js'
import { buildDigestFiles } from '../src/digest/off-thread.js'
import { backupInto } from '../src/housekeeping/housekeeping.js'
import { round, sleep, type Bench, type Row } from './lib/common.js'
import type { Sample } from './lib/bot-server.js'
import { runLoad, startServer } from './lib/processes.js'
import { BOARD_WEEK, openBoardDb } from './lib/seed-board.js'

/** Monday 2026-11-30 08:00 Asia/Shanghai: the digest of week 2026-W48 is due. */
const DIGEST_NOW = new Date('2026-11-30T00:00:00Z')

export const resources: Bench = async (o, log) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resources-'))
  try {
    const rss = await rssAtRate(o.resources.rate, o.resources.rssSeconds, dir, log)
    const loop = await loopDuringDigestAndBackup(o, dir, log)
    return [
      {
        bench: 'resources',
        figure: `resident memory at ${o.resources.rate.toLocaleString()} req/s (max)`,
        value: round(rss.app.maxRssMb, 0),
        unit: 'MB',
        baseline: { label: 'bare handler', value: round(rss.bare.maxRssMb, 0), unit: 'MB' },
        ratio: rss.app.maxRssMb / rss.bare.maxRssMb,
        ratioLabel: '× baseline',
        goal: '≤ 200 MB',
        pass: rss.app.maxRssMb <= 200,
        note: `${o.resources.rssSeconds} s open loop of /签到 on a fresh SQLite file; mean ${round(rss.app.meanRssMb, 0)} MB; at the peak the HTTP thread's V8 heap ${round(rss.app.heapAtMaxMb, 0)} MB, external ${round(rss.app.externalAtMaxMb, 0)} MB (bare: RSS ${round(rss.bare.maxRssMb, 0)}, heap ${round(rss.bare.heapAtMaxMb, 0)}); the HTTP thread's event-loop utilisation ${round(rss.app.elu * 100, 0)}% (bare ${round(rss.bare.elu * 100, 0)}%); ${rss.answered}`,
      },
      {
        bench: 'resources',
        figure: 'event-loop delay p99 during digest + online backup',
        value: round(loop.p99, 1),
        unit: 'ms',
        baseline: { label: 'same process idle', value: round(loop.idleP99, 1), unit: 'ms' },
        ratio: loop.p99 / loop.idleP99,
        ratioLabel: '× baseline',
        goal: '≤ 20 ms',
        pass: loop.p99 <= 20,
        note: `max ${round(loop.max, 0)} ms; digest ${round(loop.digestMs, 0)} ms (compile ${round(loop.compileMs, 0)}, chart ${round(loop.chartMs, 0)}, xlsx ${round(loop.xlsxMs, 0)}), backup of ${round(loop.backupMb, 0)} MB ${round(loop.backupMs, 0)} ms, over the leaderboard database (${o.board.groups.toLocaleString()} groups, ${o.board.members.toLocaleString()} members, ${o.board.events.toLocaleString()} events); monitorEventLoopDelay resolution 2 ms`,
      },
    ] satisfies Row[]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function rssAtRate(rate: number, seconds: number, dir: string, log: (line: string) => void) {
  const keys = generateCallbackKeys()
  const out = {} as Record<'app' | 'bare', Sample>
  let answered = ''
  let from = 0
  for (const kind of ['bare', 'app'] as const) {
    const server = await startServer({ kind, ...keys, dbPath: join(dir, 'rss.db') })
    const count = Math.ceil(rate * (seconds + 1))
    const base = { mode: 'open' as const, port: server.port, ...keys, groups: 100, rate }
    // One second of warm-up at the rate, then the measured window.
    await runLoad({ ...base, userFrom: from, userCount: rate, seconds: 1 })
    from += rate
    server.sampleStart()
    const r = await runLoad({ ...base, userFrom: from, userCount: count, seconds })
    from += count
    out[kind] = await server.sampleStop()
    if (kind === 'app') answered = `${r.ok}/${r.sent} answered 200 at ${round(r.rps, 0)} req/s, p99 ${round(r.p99, 1)} ms`
    await server.stop()
    log(`  ${kind}: max RSS ${round(out[kind].maxRssMb, 0)} MB at ${rate} req/s (V8 heap ${round(out[kind].heapAtMaxMb, 0)} MB, external ${round(out[kind].externalAtMaxMb, 0)} MB)`)
  }
  return { ...out, answered }
}

async function loopDuringDigestAndBackup(o: Parameters<Bench>[0], dir: string, log: (line: string) => void) {
  const { dbh } = await openBoardDb(o.board, log)
  const fontCacheDir = fileURLToPath(new URL('./.cache/fonts/', import.meta.url))
  const config = loadConfig({ WECOM_MODE: 'callback', WECOM_BOT_TOKEN: 'benchtoken', WECOM_BOT_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', LOG_LEVEL: 'silent', FONT_CACHE_DIR: fontCacheDir })
  try {
    // Fonts are decompressed once and cached (as in production after the first digest).
    await renderTrendPng({ title: '学习参与率趋势', labels: ['W45', 'W46', 'W47', 'W48'], series: [{ name: '全部支部', values: [50, 60, 70, 80] }] }, fontCacheDir)
    const idle = monitorEventLoopDelay({ resolution: 2 })
    idle.enable()
    await sleep(2000)
    idle.disable()

    const h = monitorEventLoopDelay({ resolution: 2 })
    h.enable()
    const t = { compileMs: 0, chartMs: 0, xlsxMs: 0, digestMs: 0, backupMs: 0, backupMb: 0 }
    const digest = (async () => {
      // The job's own entry point: over a SQLite file it builds in a worker thread.
      const t0 = performance.now()
      const files = await buildDigestFiles(dbh, dbh.db, config, BOARD_WEEK, DIGEST_NOW)
      Object.assign(t, { compileMs: files.ms.compile, chartMs: files.ms.chart, xlsxMs: files.ms.xlsx, digestMs: performance.now() - t0 })
    })()
    const backup = (async () => {
      const t0 = performance.now()
      const file = await backupInto(dbh, join(dir, 'backups'), DIGEST_NOW, 1)
      t.backupMs = performance.now() - t0
      if (file) t.backupMb = statSync(file).size / 1048576
    })()
    await Promise.all([digest, backup])
    // The histogram samples on a timer: a stall at the very end is only recorded once a timer fires
    // after it (the backup's integrity check, half a minute on this thread, went unseen before).
    await sleep(20)
    h.disable()
    log(`  digest ${round(t.digestMs, 0)} ms, backup ${round(t.backupMs, 0)} ms; loop delay p99 ${round(h.percentile(99) / 1e6, 1)} ms, max ${round(h.max / 1e6, 0)} ms`)
    return { ...t, p99: h.percentile(99) / 1e6, max: h.max / 1e6, idleP99: idle.percentile(99) / 1e6 }
  } finally {
    await dbh.close()
  }
}
