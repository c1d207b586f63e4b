// One database that several bot instances open separately, like several processes would: with
// DATABASE_URL=postgres://… a fresh schema (each instance gets its own connection pool), else a
// temporary SQLite file in WAL mode (each instance gets its own connection).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createDb, type Db } from '../../src/db/create-db.js'
import { dropSchema, migrateToLatest } from '../../src/db/migrate.js'
import { PG_URL } from '../support/test-db.js'

export interface SharedDb {
  dialect: 'sqlite' | 'postgres'
  /** the DATABASE_URL a separate process uses to reach this database */
  url: string
  /** A new handle (its own connection or pool) on the shared database. */
  open(): Db
  /** Closes every handle opened here and removes the database. */
  drop(): Promise<void>
}

export async function createSharedDb(): Promise<SharedDb> {
  const handles: Db[] = []
  const pgUrl = PG_URL
  if (pgUrl) {
    const schema = 't_' + randomBytes(6).toString('hex')
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const open = () => {
      const dbh = createDb(pgUrl, { schema, poolSize: 4 })
      handles.push(dbh)
      return dbh
    }
    const first = open()
    await migrateToLatest(first.db)
    const sep = pgUrl.includes('?') ? '&' : '?'
    return {
      dialect: 'postgres',
      url: `${pgUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      open,
      async drop() {
        for (const h of handles.splice(0)) await h.close().catch(() => {})
        const c = new pg.Client({ connectionString: PG_URL })
        await c.connect()
        await dropSchema((q) => c.query(q), schema)
        await c.end()
      },
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'study-bot-shared-'))
  const file = join(dir, 'bot.db')
  const open = () => {
    const dbh = createDb(`sqlite:${file}`)
    handles.push(dbh)
    return dbh
  }
  await migrateToLatest(open().db)
  return {
    dialect: 'sqlite',
    url: `sqlite:${file}`,
    open,
    async drop() {
      for (const h of handles.splice(0)) await h.close().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Row counts of every table of the application (kysely's own tables left out). */
export async function countAllTables(dbh: Db): Promise<Record<string, number>> {
  const tables = (await dbh.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_')).sort()
  const out: Record<string, number> = {}
  for (const t of tables) {
    const r = await dbh.db.selectFrom(t as 'users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    out[t] = Number(r.n)
  }
  return out
}
