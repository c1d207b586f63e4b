// WAL checkpoints off the event loop. A checkpoint copies committed pages from the WAL back into
// the database file and syncs it to disk: several milliseconds, more on a busy disk. Left to SQLite
// (wal_autocheckpoint), it runs inside whichever commit crosses the threshold — on the event loop,
// where it shows as a latency spike for every request waiting behind it. Here a worker thread with
// its own connection checkpoints in PASSIVE mode (never blocks writers or readers) twice a second;
// the bot's connection keeps an automatic checkpoint only as a backstop at a much larger WAL, should
// the worker be gone.
//
// A PASSIVE checkpoint copies pages but cannot restart the log: SQLite writes from the beginning of
// the WAL again only when a write starts after every frame was copied, which under a steady stream
// of messages (a commit every few ms) never happens — the WAL grows until a quiet moment. So the
// backstop is large: at 40 MiB the bot's connection checkpointed in a commit every few seconds at
// 200 req/s, and those commits set the p99 (`npm run bench callback`: 11–21 ms, 6–7 ms with the
// backstop at 400 MiB). Once the log restarts, journal_size_limit shrinks the file back.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type SqliteDatabase from 'better-sqlite3'
import type { Logger } from '../log.js'

/** WAL pages (4 KiB) after which the bot's own connection checkpoints anyway (≈ 400 MiB). */
export const BACKSTOP_PAGES = 100_000
/** The WAL file is cut back to this size when the log restarts. */
export const WAL_KEEP_BYTES = 64 * 1024 * 1024

export interface Checkpointer {
  /** Checkpoints now (on the worker) and tells how many WAL frames are not yet in the database file. */
  checkpoint(): Promise<{ pending: number }>
  stop(): Promise<void>
}

// CommonJS, run with eval: no TypeScript loader is needed in the worker (tsx, vitest or compiled).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
function checkpoint() {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    return { pending: r.log - r.checkpointed }
  } catch (err) {
    return { error: String((err && err.message) || err) }
  }
}
const timer = setInterval(() => {
  const r = checkpoint()
  if (r.error) parentPort.postMessage(r)
}, workerData.intervalMs)
parentPort.on('message', (m) => {
  if (m === 'checkpoint') return parentPort.postMessage({ checkpointed: checkpoint() })
  clearInterval(timer)
  try { db.close() } catch {}
  parentPort.close()
})
`

/** Starts checkpointing the database file of `sqlite` (nothing to do for an in-memory database). */
export function startCheckpointer(sqlite: SqliteDatabase.Database, log: Logger, intervalMs = 500): Checkpointer {
  if (sqlite.memory) return { checkpoint: async () => ({ pending: 0 }), stop: async () => {} }
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
  sqlite.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`)
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, path: sqlite.name, intervalMs } })
  let warned = false
  const asked: Array<(r: { pending: number; error?: string }) => void> = []
  worker.on('message', (m: { error?: string; checkpointed?: { pending: number; error?: string } }) => {
    if (m.checkpointed) return asked.shift()?.(m.checkpointed)
    // A checkpoint that could not run is tried again on the next tick; say so once.
    if (m.error && !warned) {
      warned = true
      log.warn({ err: m.error }, 'WAL checkpoint failed; retrying')
    }
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
        asked.push((r) => (r.error ? reject(new Error(r.error)) : resolve({ pending: r.pending })))
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
