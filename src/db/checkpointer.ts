// WAL checkpoints off the event loop. A checkpoint copies committed pages from the WAL back into
// the database file and syncs it to disk: several milliseconds, more on a busy disk. Left to SQLite
// (wal_autocheckpoint), it runs inside whichever commit crosses the threshold — on the event loop,
// where it shows as a latency spike for every request waiting behind it. Here a worker thread with
// its own connection checkpoints in PASSIVE mode (never blocks writers or readers) ten times a
// second (PASS_INTERVAL_MS).
//
// A PASSIVE checkpoint copies pages but cannot restart the log: SQLite writes from the beginning of
// the WAL again only when a write starts after every frame was copied. Under a steady stream of
// messages (a commit every few ms) the worker never sees that moment — commits land while it
// copies — and the WAL grew by ~60 MB/s at 1,000 req/s until the backstop below checkpointed all of
// it inside one commit (a one-second stall: `npm run bench callback`, p99 at 1,000 req/s). So the
// worker repeats its pass while the gap shrinks, and once only a few frames are left (≤
// CATCH_UP_FRAMES) the bot's own connection copies those between two transactions — a few
// milliseconds: the worker has already synced the pages it copied, so the bot's syncs flush only
// its own — after which its next write starts the log from the beginning again.
// journal_size_limit cuts the file back when it does.
//
// The bot's connection keeps an automatic checkpoint only as a backstop at a much larger WAL, should
// the worker be gone or a long reader (a backup) hold the log.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type SqliteDatabase from 'better-sqlite3'
import type { Logger } from '../log.js'

/** WAL pages (4 KiB) after which the bot's own connection checkpoints anyway (≈ 400 MiB). */
export const BACKSTOP_PAGES = 100_000
/**
 * The WAL file is cut back to this size when the log restarts: above the length at which it
 * restarts (RESTART_FRAMES, plus what one worker pass lets through), so that a log written again
 * from the beginning overwrites the file's blocks instead of giving them back and taking new ones.
 */
export const WAL_KEEP_BYTES = 192 * 1024 * 1024
/**
 * A WAL this long (frames of 4 KiB: 128 MiB, under the size the file is kept at) is started again.
 * The bot's connection copies the last frames for that, with two syncs, on the event loop — a pause
 * for every callback waiting behind it. At 1,000 sign-ins a second in small batches the log grows
 * ~20,000 frames a second: at 8,192 frames the pause (10–30 ms then, on a 270 MB file) came twice a
 * second, at this length every ~2.5 s. In open-loop runs at 1,000 req/s on that file p99 was 37–58 ms
 * at 8,192 and 24–37 ms at this length (four runs each); the full benchmark, whose figure varies
 * more than that from run to run, did not show the difference (README, Benchmarks). Longer still
 * (65,536) was worse (67–93 ms): each pass then copies and syncs more at once.
 */
export const RESTART_FRAMES = 32_768
/**
 * How often the worker copies what was committed since its last pass. A pass is not free for the
 * bot although it runs on another thread: on 2 cores, its copying and the kernel's work on its
 * writes and syncs take CPU from the bot's and the HTTP thread. At 1,000 sign-ins a second, a pass
 * every 500 ms copied ~7,500 frames in 50–100 ms and synced the file for 20–55 ms more, and up to
 * 88 of the 100 slowest requests of a run had arrived during one. Every 100 ms each pass is a fifth
 * of that: over eight alternating runs on one growing file, p99 at 1,000 req/s was 14.7 / 18.2 /
 * 18.4 / 22.1 ms at 100 ms against 26.7 / 21.0 / 24.3 / 28.6 at 500 (README, Benchmarks). An idle
 * bot's pass finds nothing to copy and syncs nothing.
 */
export const PASS_INTERVAL_MS = 100
/** The worker leaves at most this many frames for the bot's connection to copy (≈ 1 MiB). */
export const CATCH_UP_FRAMES = 256

export interface Checkpoint {
  /** frames in the WAL */
  frames: number
  /** frames not yet in the database file */
  pending: number
}

export interface Checkpointer {
  /** Checkpoints now (on the worker, then the rest on the bot's connection) and tells what the worker left. */
  checkpoint(): Promise<Checkpoint>
  stop(): Promise<void>
}

// CommonJS, run with eval: no TypeScript loader is needed in the worker (tsx, vitest or compiled).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const fs = require('node:fs')
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
// For syncing the pages this thread copied into the database file (fsync covers every write to the file).
const file = fs.openSync(workerData.path, 'r')
let synced = -1
// PASSIVE never waits: while the bot's connection holds the checkpoint lock or rewrites the log's
// header for a moment (its own last copy, a write that starts the log again) it answers busy, with
// a log of -1 frames. Asked again after a millisecond, up to four times, a pass tells the log as it
// is (CI once saw a pass answer -1 in group-commit.test.ts); still busy, it answers -1 frames and
// the next pass tries again.
const pause = new Int32Array(new SharedArrayBuffer(4))
function pass() {
  for (let i = 0; ; i++) {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    if (r.log >= 0 || i === 4) return { frames: r.log, pending: r.log - r.checkpointed }
    Atomics.wait(pause, 0, 0, 1)
  }
}
// A PASSIVE checkpoint syncs the database file only when it copied every frame, which under steady
// writes only the bot's connection does (below): it would then flush every page copied since the
// log last started again, on the event loop. Synced here, it has only its own last frames' pages.
const copied = (r) => r.frames - r.pending
function sync(r) {
  if (copied(r) > 0 && copied(r) !== synced) {
    fs.fsyncSync(file)
    synced = copied(r)
  }
}
// Each pass copies what was committed during the previous one: the gap shrinks while copying is
// faster than the bot writes. A reader holding an old snapshot (a backup) stops it from shrinking.
function checkpoint() {
  try {
    let r = pass()
    for (let i = 0; i < 8 && r.pending > workerData.catchUp; i++) r = pass()
    sync(r)
    // When the log is long enough to start again, the bot's connection copies what was committed
    // since this thread's last pass and syncs it. A sync of everything copied here takes tens of
    // milliseconds under load (20–60 ms), and the bot went on committing meanwhile: left like that,
    // its share took it 10–30 ms. Another short pass and sync, until a pass finds little new, leave
    // it 2–6 ms.
    for (let i = 0; i < 4 && r.frames >= workerData.restartFrames; i++) {
      const before = r
      r = pass()
      // The log started again in the meantime (the bot's connection found it all copied).
      if (r.frames < before.frames) break
      sync(r)
      if (copied(r) - copied(before) < workerData.catchUp) break
    }
    return r
  } catch (err) {
    return { error: String((err && err.message) || err) }
  }
}
const timer = setInterval(() => parentPort.postMessage({ passed: checkpoint() }), workerData.intervalMs)
parentPort.on('message', (m) => {
  if (m === 'checkpoint') return parentPort.postMessage({ checkpointed: checkpoint() })
  clearInterval(timer)
  try { db.close() } catch {}
  try { fs.closeSync(file) } catch {}
  parentPort.close()
})
`

/** Starts checkpointing the database file of `sqlite` (nothing to do for an in-memory database). */
export function startCheckpointer(sqlite: SqliteDatabase.Database, log: Logger, intervalMs = PASS_INTERVAL_MS, restartFrames = RESTART_FRAMES): Checkpointer {
  if (sqlite.memory) return { checkpoint: async () => ({ frames: 0, pending: 0 }), stop: async () => {} }
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
  sqlite.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`)
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  // The worker allocates next to nothing: a small young generation keeps its memory small.
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, path: sqlite.name, intervalMs, catchUp: CATCH_UP_FRAMES, restartFrames }, resourceLimits: { maxYoungGenerationSizeMb: 4 } })
  let warned = false
  const asked: Array<(r: Checkpoint & { error?: string }) => void> = []
  worker.on('message', (m: { passed?: Checkpoint & { error?: string }; checkpointed?: Checkpoint & { error?: string } }) => {
    const r = m.checkpointed ?? m.passed
    if (!r) return
    if (!r.error) finishOnThisConnection(sqlite, r, restartFrames)
    else if (!warned) {
      // A checkpoint that could not run is tried again on the next tick; say so once.
      warned = true
      log.warn({ err: r.error }, 'WAL checkpoint failed; retrying')
    }
    if (m.checkpointed) asked.shift()?.(m.checkpointed)
  })
  worker.on('error', (err) => {
    log.error({ err: err.message }, 'WAL checkpointer stopped; SQLite checkpoints by itself')
    try {
      sqlite.pragma('wal_autocheckpoint = 1000')
    } catch {
      // the connection is closed already
    }
  })
  worker.unref()
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    checkpoint: () =>
      new Promise((resolve, reject) => {
        asked.push((r) => (r.error ? reject(new Error(r.error)) : resolve({ frames: r.frames, pending: r.pending })))
        worker.postMessage('checkpoint')
      }),
    async stop() {
      worker.postMessage('stop')
      const timer = setTimeout(() => void worker.terminate(), 2000)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * After a worker pass that left only a few frames of a long WAL: copies them on the bot's own
 * connection, between transactions, so that its next write restarts the log. PASSIVE never waits:
 * should another checkpoint hold the lock, the next pass tries again. It is needed even when the
 * worker copied every frame (pending 0): skipping it then, the bot's writes did not start the log
 * again (group-commit.test.ts, "starts the log from the beginning again": restarts [0, 0, 0, 1]).
 */
function finishOnThisConnection(sqlite: SqliteDatabase.Database, r: Checkpoint, restartFrames: number): void {
  if (r.frames < restartFrames || r.pending > CATCH_UP_FRAMES || sqlite.inTransaction || !sqlite.open) return
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // SQLITE_BUSY or a closed connection: the next pass tries again
  }
}
