// The admin digest in a worker thread (see off-thread.ts): its own read-only connection to the
// SQLite file — WAL lets it read while the bot writes — and the same digestFiles as in-process.
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../db/schema.js'
import { digestFiles, type DigestFiles, type DigestRun } from './files.js'

export interface DigestWorkerInput {
  path: string
  config: Config
  week: string
  /** ISO instant */
  now: string
  run?: DigestRun
}

export default async function buildInWorker(input: DigestWorkerInput): Promise<DigestFiles> {
  const sqlite = new SqliteDatabase(input.path, { readonly: true, fileMustExist: true })
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    return await digestFiles(db, input.config, input.week, new Date(input.now), input.run)
  } finally {
    await db.destroy()
  }
}
