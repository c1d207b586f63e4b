// A fresh, migrated database per test: in-memory SQLite by default; with
// DATABASE_URL=postgres://… a new schema in that database, dropped afterwards.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createDb, type Db } from '../../src/db/create-db.js'
import { dropSchema, migrateToLatest } from '../../src/db/migrate.js'

export const PG_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined

export interface TestDb extends Db {
  /** the URL another process (a second bot instance) can open to reach the same data */
  url: string
  schema?: string
  drop(): Promise<void>
}

export async function createTestDb(options: { file?: string } = {}): Promise<TestDb> {
  if (PG_URL) {
    const schema = 't_' + randomBytes(6).toString('hex')
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const dbh = createDb(PG_URL, { schema, poolSize: 5 })
    await migrateToLatest(dbh.db)
    return {
      ...dbh,
      url: PG_URL,
      schema,
      async drop() {
        await dbh.close().catch(() => {})
        const c = new pg.Client({ connectionString: PG_URL })
        await c.connect()
        await dropSchema((q) => c.query(q), schema)
        await c.end()
      },
    }
  }
  const url = options.file ? `sqlite:${options.file}` : 'sqlite::memory:'
  const dbh = createDb(url)
  await migrateToLatest(dbh.db)
  return { ...dbh, url, drop: () => dbh.close() }
}
