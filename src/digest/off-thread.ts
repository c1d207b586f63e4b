// Builds the admin digest off the event loop. Over a large SQLite database the compile (thousands
// of synchronous better-sqlite3 reads) and the workbook hold the bot's thread for many slices of
// 10–150 ms; a worker thread with its own read-only connection does it all and hands back the
// files. In-memory SQLite (tests) cannot be opened from another thread, and on PostgreSQL the
// queries already run in the server, so those build in-process on the caller's handle.
import type { Config } from '../config.js'
import type { Db } from '../db/create-db.js'
import type { DbOrTrx } from '../deps.js'
import { runModule, siblingModule } from '../threads/run-in-worker.js'
import type { DigestWorkerInput } from './digest-worker.js'
import { digestFiles, type DigestFiles, type DigestRun } from './files.js'

/**
 * The digest's files for `week`. `db` is what an in-process build reads through (the job's prepare
 * step passes the database itself); the worker reads the committed state of the same file.
 */
export async function buildDigestFiles(dbh: Db, db: DbOrTrx, config: Config, week: string, now: Date, run?: DigestRun): Promise<DigestFiles> {
  const file = dbh.sqlite && !dbh.sqlite.memory ? dbh.sqlite.name : undefined
  if (!file) return digestFiles(db, config, week, now, run)
  const input: DigestWorkerInput = { path: file, config, week, now: now.toISOString(), ...(run ? { run } : {}) }
  const out = await runModule<DigestFiles>(siblingModule('digest-worker', import.meta.url), input)
  // Buffers cross the thread boundary as plain Uint8Arrays.
  return { ...out, png: toBuffer(out.png), xlsx: toBuffer(out.xlsx) }
}

const toBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)
