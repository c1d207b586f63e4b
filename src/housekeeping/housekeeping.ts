// Housekeeping: raw inbound bodies are removed after the retention window (the dedupe record,
// the ledger and every aggregate stay), and the SQLite file is copied with the online backup API.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../db/create-db.js'
import type { DbOrTrx } from '../deps.js'

/** Sets inbound_messages.body to null for messages received before `before`. Returns rows cleared. */
export async function clearOldBodies(db: DbOrTrx, before: Date): Promise<number> {
  const r = await db.updateTable('inbound_messages').set({ body: null }).where('received_at', '<', before.toISOString()).where('body', 'is not', null).executeTakeFirst()
  return Number(r.numUpdatedRows ?? 0)
}

const BACKUP = /^study-bot-(\d{8}-\d{6})\.db$/

/** Backs the SQLite database up into dir (study-bot-YYYYMMDD-HHmmss.db) and keeps the newest `keep`. Undefined on PostgreSQL. */
export async function backupSqlite(dbh: Db, dir: string, at: Date, keep: number): Promise<string | undefined> {
  if (dbh.dialect !== 'sqlite' || !dbh.sqlite) return undefined
  mkdirSync(dir, { recursive: true })
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const file = join(dir, `study-bot-${stamp}.db`)
  await dbh.sqlite.backup(file)
  const all = readdirSync(dir).filter((f) => BACKUP.test(f)).sort()
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(join(dir, old), { force: true })
  return file
}
