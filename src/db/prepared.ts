// Prepared queries for the inbound path. Kysely builds and compiles a query's SQL on every call;
// for the dozen small statements of a sign-in that costs about as much as SQLite running them. A
// prepared query is built once per dialect with named slots where the values go, compiled by kysely
// as usual, and each call binds new values to the same SQL (on SQLite: the same statement).
// The query's shape must not depend on the values (same columns, same list lengths): anything that
// does is a separate prepared query.
// Inside a SQLite transaction a prepared query runs its statement on the connection directly: the
// transaction holds the only connection, and better-sqlite3 runs a statement synchronously, so
// kysely's executor chain (connection mutex, result transform: about ten promises and closures per
// query, a third of what the inbound path allocated) adds nothing there. Outside a transaction, and
// on PostgreSQL, the query goes through kysely, which waits for the connection.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely'
import type { DbOrTrx } from '../deps.js'

/** Runs compiled SQL at once on the connection (SQLite). */
export type DirectRunner = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>

// Keyed by the dialect's adapter, which a database handle shares with its transactions.
const direct = new WeakMap<object, DirectRunner>()

/** Lets prepared queries in `db`'s transactions run through `run` (create-db.ts, SQLite only). */
export function runDirectlyInTransactions(db: Kysely<any>, run: DirectRunner): void {
  direct.set(db.getExecutor().adapter, run)
}

/** Stands where a value goes while the query is compiled; replaced on every call. */
class Slot {
  constructor(readonly name: string) {}
}

export type Prepared<A, R> = (db: DbOrTrx, values: A) => Promise<QueryResult<R>>

export function prepared<A extends Record<string, unknown>, R>(build: (db: DbOrTrx, v: A) => Compilable<R>): Prepared<A, R> {
  const compiled = new WeakMap<object, CompiledQuery<R>>()
  const slots = new Proxy({}, { get: (_target, name) => new Slot(String(name)) }) as A
  return async (db, values) => {
    const adapter = db.getExecutor().adapter
    let query = compiled.get(adapter)
    if (!query) {
      query = build(db, slots).compile()
      compiled.set(adapter, query)
    }
    const parameters = query.parameters.map((p) => (p instanceof Slot ? bind(values, p.name) : p))
    const run = db.isTransaction ? direct.get(adapter) : undefined
    if (run) return run(query.sql, parameters) as QueryResult<R>
    return db.executeQuery<R>({ ...query, parameters })
  }
}

function bind(values: Record<string, unknown>, name: string): unknown {
  const v = values[name]
  if (v === undefined) throw new Error(`prepared query: no value for "${name}"`)
  return v
}

/** Rows an insert, update or delete wrote (an upsert that did nothing: 0). */
export const written = (r: QueryResult<unknown>): number => Number(r.numAffectedRows ?? 0)
