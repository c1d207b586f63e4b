// Housekeeping: raw inbound bodies are removed after the retention window (the dedupe record,
// the ledger and every aggregate stay), and the SQLite file is copied with the online backup API.
import { join } from 'node:path'
import { backupFileName, backupSqlite, pruneBackups } from '../db/backup.js'
import type { Db } from '../db/create-db.js'
import type { DbOrTrx } from '../deps.js'

/** Sets inbound_messages.body to null for messages received before `before`. Returns rows cleared. */
export async function clearOldBodies(db: DbOrTrx, before: Date): Promise<number> {
  const r = await db.updateTable('inbound_messages').set({ body: null }).where('received_at', '<', before.toISOString()).where('body', 'is not', null).executeTakeFirst()
  return Number(r.numUpdatedRows ?? 0)
}

/** Backs the SQLite database up into dir (study-bot-YYYYMMDD-HHmmss.db) and keeps the newest `keep`. Undefined on PostgreSQL. */
export async function backupInto(dbh: Db, dir: string, at: Date, keep: number): Promise<string | undefined> {
  if (dbh.dialect !== 'sqlite' || !dbh.sqlite) return undefined
  const { path } = await backupSqlite(dbh, join(dir, backupFileName(at)))
  pruneBackups(dir, keep)
  return path
}

/** Finished job runs older than `before` are removed (the per-minute session jobs add one a minute). */
export async function pruneJobRuns(db: DbOrTrx, before: Date): Promise<number> {
  const r = await db.deleteFrom('job_runs').where('status', '=', 'done').where('scheduled_at', '<', before.toISOString()).executeTakeFirst()
  return Number(r.numDeletedRows ?? 0)
}
