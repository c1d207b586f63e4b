// SQLite backups with the online backup API (safe while the bot runs) and restore with an
// integrity check. PostgreSQL deployments use pg_dump / pg_restore (see README "Operations").
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { Db } from './create-db.js'

/** 'study-bot-20261123-010000.db' — names sort by time, which pruneBackups relies on. */
export const backupFileName = (at: Date): string => `study-bot-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.db`

/** Writes a consistent copy of the live database to `path` (online: writers keep working). */
export async function backupSqlite(dbh: Db, path: string): Promise<{ path: string; bytes: number }> {
  if (!dbh.sqlite) throw new Error('backups by this tool are for SQLite; use pg_dump for PostgreSQL')
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.partial`
  rmSync(tmp, { force: true })
  await dbh.sqlite.backup(tmp)
  assertIntact(tmp)
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
    const result = db.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new Error(`backup ${path} failed the integrity check: ${String(result)}`)
  } finally {
    db.close()
  }
}
