// Runs the static migration list (migrations/index.ts) — at start and by `npm run migrate`.
import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely'
import { migrations } from '../../migrations/index.js'
import { isPostgres } from './create-db.js'

/**
 * PostgreSQL advisory lock held while migrating. Kysely's migrator introspects tables of every
 * schema; a schema dropped at that moment (tests drop theirs; see dropSchema) makes it fail, so
 * whoever drops a schema takes the same lock.
 */
export const MIGRATION_LOCK_ID = 4_242_001

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  if (!isPostgres(db)) return withTempFilesOnDisk(db, () => run(db, undefined))
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn)
    try {
      // Pin kysely's own tables to the current schema. Unpinned, kysely looks for them in every
      // schema, and another schema's kysely_migration_lock makes it skip creating ours and fail.
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(conn)).rows[0]?.s
      return await run(conn, schema)
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn)
    }
  })
}

/**
 * The bot's SQLite connection keeps temporary files in memory (create-db.ts); a migration that
 * builds an index sorts the whole table, and a sort past cache_size would then take as much memory
 * as the table. Migrations get temporary files on disk, and the connection its own setting back.
 */
export async function withTempFilesOnDisk<T>(db: Kysely<any>, fn: () => Promise<T>): Promise<T> {
  const before = (await sql<{ temp_store: number }>`pragma temp_store`.execute(db)).rows[0]?.temp_store ?? 0
  await sql`pragma temp_store = FILE`.execute(db)
  try {
    return await fn()
  } finally {
    await sql.raw(`pragma temp_store = ${Number(before)}`).execute(db)
  }
}

async function run(db: Kysely<any>, schema: string | undefined): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) })
  const result = await migrator.migrateToLatest()
  if (result.error) throw result.error
  return result
}

/** Drops a PostgreSQL schema without racing a migration in another schema (tests, tenants). */
export async function dropSchema(query: (text: string) => Promise<unknown>, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`)
  await query(`select pg_advisory_lock(${MIGRATION_LOCK_ID})`)
  try {
    await query(`drop schema if exists ${schema} cascade`)
  } finally {
    await query(`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`)
  }
}
