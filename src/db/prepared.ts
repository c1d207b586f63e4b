// Prepared queries for the inbound path. Kysely builds and compiles a query's SQL on every call;
// for the dozen small statements of a sign-in that costs about as much as SQLite running them. A
// prepared query is built once per dialect with named slots where the values go, compiled by kysely
// as usual, and each call binds new values to the same SQL (on SQLite: the same statement).
// The query's shape must not depend on the values (same columns, same list lengths): anything that
// does is a separate prepared query.
import type { Compilable, CompiledQuery, QueryResult } from 'kysely'
import type { DbOrTrx } from '../deps.js'

/** Stands where a value goes while the query is compiled; replaced on every call. */
class Slot {
  constructor(readonly name: string) {}
}

export type Prepared<A, R> = (db: DbOrTrx, values: A) => Promise<QueryResult<R>>

export function prepared<A extends Record<string, unknown>, R>(build: (db: DbOrTrx, v: A) => Compilable<R>): Prepared<A, R> {
  // Keyed by the dialect's adapter, which a database handle shares with its transactions.
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
