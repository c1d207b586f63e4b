// createDb(url): kysely over better-sqlite3 (default, WAL, busy timeout) or PostgreSQL (postgres://…).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { groupCommit, plainTransact, type Transact } from './group-commit.js'
import { runDirectlyInTransactions } from './prepared.js'
import type { Database } from './schema.js'

export type Dialect = 'sqlite' | 'postgres'

/** Whether a handle (or one of its transactions) talks to PostgreSQL — for code that gets no Db. */
export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter

export interface Db {
  db: Kysely<Database>
  dialect: Dialect
  /** The better-sqlite3 handle (SQLite only): backups use its online backup API. */
  sqlite?: SqliteDatabase.Database
  /**
   * Runs fn in a transaction of its own. On SQLite, transactions asked for in the same turn of the
   * event loop share one commit (group-commit.ts); the inbound path uses this.
   */
  transact: Transact
  ping(): Promise<boolean>
  close(): Promise<void>
}

// PostgreSQL int8 (COUNT, SUM of bigint) arrives as text by default; our numbers fit in a double.
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

export interface CreateDbOptions {
  /** PostgreSQL only: use this schema (created if missing) — tests use one schema each. */
  schema?: string
  poolSize?: number
}

export function createDb(url: string, options: CreateDbOptions = {}): Db {
  if (/^postgres(ql)?:\/\//.test(url)) return createPostgres(url, options)
  return createSqlite(url)
}

function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '')
  return path === '' ? ':memory:' : path
}

/** The page cache limit of the bot's SQLite connection, in KiB. */
export const SQLITE_CACHE_KIB = 8 * 1024
/** How much of the database file the connection reads through a memory map: SQLite's ceiling on Linux (just under 2 GiB). */
export const SQLITE_MMAP_BYTES = 2_147_418_112

function createSqlite(url: string): Db {
  const path = sqlitePath(url)
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SqliteDatabase(path)
  sqlite.pragma('journal_mode = WAL')
  // NORMAL in WAL mode: a commit is durable once the WAL is synced at checkpoint; a power cut can
  // lose the last transactions but never corrupts the file. See README "Durability".
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  // Pages are read through a memory map of the file: a read is a memory access instead of a read()
  // into a copy in SQLite's page cache. The cache then holds the pages a write walks to and changes,
  // and those whose latest version is in the WAL, so 8 MB is enough (SQLite's default is 2 MB). It is
  // kept small on purpose: a commit that split a B-tree page walks every page of this cache (SQLite's
  // balance_nonroot rekeys through page 262,145, and the commit then drops pages past the end of a
  // file under 1 GiB; README, Benchmarks). Against the earlier 64 MB cache without the map, the bot
  // thread's CPU per /签到 at 1,000 req/s fell by 4–19% (mean 12%) in alternating rounds on copies
  // of one grown file; a 64 MB cache with the map was worse than either, 2 MB with it or 8 MB
  // without it ~10% worse than this. The mapped pages are the kernel's file cache, shared and
  // counted in RSS once touched. SQLite writes through write() as before; only reads use the map,
  // and an I/O error while reading one (a failing disk) ends the process with SIGBUS instead of an
  // error — WeCom redelivers what was not answered (the crash benchmark). The digest's and the
  // backup's read-only connections (digest-worker.ts, backup.ts) open the file with their own
  // settings, without the map.
  sqlite.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`)
  sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`)
  // Temporary files in memory, for the statement journal above all. Each member of a group commit
  // runs in a savepoint (group-commit.ts), and a savepoint keeps the original of every page it
  // changes — about 16 pages for a sign-in — in the statement journal, so that ROLLBACK TO can put
  // them back. On disk, past its first 64 KiB, that journal cost two write() calls a page: 32 of a
  // sign-in's 39 (strace), for a file no one ever reads back unless a member fails. In memory it is
  // one member's pages at a time (emptied at RELEASE): CPU per sign-in fell by a third in-process
  // (560–744 µs → 327–509 µs as the file grew to 160,000 sign-ins). Sorts, which with this setting
  // never spill to a file, are already kept in memory up to cache_size; migrations, whose index
  // builds sort whole tables, run with temporary files on disk (migrate.ts).
  sqlite.pragma('temp_store = MEMORY')
  const statements = withStatementCache(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) })
  // As kysely's SQLite driver runs a query, minus the driver's queue (see prepared.ts).
  runDirectlyInTransactions(db, (text, parameters) => {
    const stmt = statements.prepare(text)
    if (stmt.reader) return { rows: stmt.all(parameters) }
    const { changes, lastInsertRowid } = stmt.run(parameters)
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) }
  })
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    transact: groupCommit(db, (statement) => void sqlite.exec(statement)),
    ping: async () => {
      await sql`select 1`.execute(db)
      return true
    },
    close: () => db.destroy(),
  }
}

/**
 * Kysely prepares every query anew; preparing costs as much as running a small query. The same
 * SQL text (parameters are bound separately) reuses its statement. Statements run synchronously
 * one at a time on this connection, so sharing them is safe.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 1000) {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text)
      if (!stmt) {
        stmt = sqlite.prepare(text)
        if (cache.size >= max) cache.delete(cache.keys().next().value!)
        cache.set(text, stmt)
      }
      return stmt
    },
  }
}

function createPostgres(url: string, options: CreateDbOptions): Db {
  const schema = options.schema
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // An idle pooled connection cut by the server (restart, failover, pg_terminate_backend) is dropped
  // by the pool; without a listener its 'error' event would crash the process.
  pool.on('error', () => {})
  // The same for a connection cut in the middle of a query: the query fails (a transient error, the
  // callback answers 503) and the pool discards the client; the 'error' event must not crash us.
  pool.on('connect', (client) => void client.on('error', () => {}))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    dialect: 'postgres',
    transact: plainTransact(db),
    ping: async () => {
      await sql`select 1`.execute(db)
      return true
    },
    close: () => db.destroy(),
  }
}
