// SQLite backups with the online backup API (safe while the bot runs) and restore with an
// integrity check. PostgreSQL deployments use pg_dump / pg_restore (see README "Operations").
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { runScript } from '../threads/run-in-worker.js'
import type { Db } from './create-db.js'

/** 'study-bot-20261123-010000.db' — names sort by time, which pruneBackups relies on. */
export const backupFileName = (at: Date): string => `study-bot-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.db`

// Copying a 2.5 GB file and checking the copy take half a minute of synchronous work, so for a
// database file both run in a worker thread with its own read-only connection. The copy is one
// backup step, i.e. one read transaction: a consistent snapshot that the bot's writes (WAL) neither
// wait for nor disturb. Stepping page by page from another connection would instead start over
// after every commit of the bot's. CommonJS with eval: nothing to transpile (tsx, vitest or built).
const BACKUP_WORKER = `
const Database = require(workerData.driver)
const source = new Database(workerData.source, { readonly: true, fileMustExist: true })
try {
  source.pragma('busy_timeout = 5000')
  // The first step opens the backup; the progress callback makes the next one copy every page.
  await source.backup(workerData.target, { progress: () => 0x7fffffff })
} finally {
  source.close()
}
// The copy is in WAL mode like its source. Checked through a read-write connection, whose close
// removes the -wal and -shm files a read-only one would leave beside the backup.
const copy = new Database(workerData.target, { fileMustExist: true })
try {
  return copy.pragma('integrity_check', { simple: true })
} finally {
  copy.close()
}
`

/** Pages per step when an in-memory database (tests) is copied on the bot's own thread. */
const STEP_PAGES = 64

/** Writes a consistent copy of the live database to `path` (online: writers keep working). */
export async function backupSqlite(dbh: Db, path: string): Promise<{ path: string; bytes: number }> {
  if (!dbh.sqlite) throw new Error('backups by this tool are for SQLite; use pg_dump for PostgreSQL')
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.partial`
  rmSync(tmp, { force: true })
  try {
    if (dbh.sqlite.memory) {
      // Another thread cannot open an in-memory database: small steps here, the loop runs between them.
      await dbh.sqlite.backup(tmp, { progress: () => STEP_PAGES })
      assertIntact(tmp)
    } else {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3')
      const check = await runScript<unknown>(BACKUP_WORKER, { driver, source: dbh.sqlite.name, target: tmp })
      checked(tmp, check)
    }
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  renameSync(tmp, path)
  return { path, bytes: statSync(path).size }
}

/** Keeps the newest `keep` files named study-bot-*.db in dir; returns the removed paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!existsSync(dir)) return []
  const files = readdirSync(dir).filter((f) => /^study-bot-.*\.db$/.test(f)).sort()
  const remove = files.slice(0, Math.max(0, files.length - keep)).map((f) => join(dir, f))
  for (const f of remove) rmSync(f, { force: true })
  return remove
}

/**
 * Replaces the database file at `target` with the backup at `source` (the bot must be stopped).
 * The backup is checked first; the old file is kept beside it as `<target>.before-restore`.
 */
export function restoreSqlite(source: string, target: string): { previous?: string } {
  if (!existsSync(source)) throw new Error(`backup not found: ${source}`)
  assertIntact(source)
  mkdirSync(dirname(target), { recursive: true })
  let previous: string | undefined
  if (existsSync(target)) {
    previous = `${target}.before-restore`
    rmSync(previous, { force: true })
    renameSync(target, previous)
  }
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true })
  copyFileSync(source, target)
  return { previous }
}

function assertIntact(path: string): void {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  try {
    checked(path, db.pragma('integrity_check', { simple: true }))
  } finally {
    db.close()
  }
}

function checked(path: string, result: unknown): void {
  if (result !== 'ok') throw new Error(`backup ${path} failed the integrity check: ${String(result)}`)
}
