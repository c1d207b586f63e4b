// `column IN (a list of values)` with the list as ONE parameter. Written `in (?, ?, …)` it binds
// one parameter per value, and 1,000 groups (the Sunday boards) cost SQLite about 1.4 ms of a ~9 ms
// query to bind and sort into a temporary index, and Kysely a node per value to build and compile.
// As one parameter the list travels as JSON text that SQLite reads with json_each, or as one
// text[] for PostgreSQL's `= any`.
import { type Expression, type RawBuilder, sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import { isPostgres } from './create-db.js'

/** `column` is one of `values` (none: false). */
export function inList(db: DbOrTrx, column: Expression<string>, values: readonly string[]): RawBuilder<boolean> {
  return isPostgres(db) ? sql<boolean>`${column} = any(cast(${[...values]} as text[]))` : sql<boolean>`${column} in (select value from json_each(${JSON.stringify(values)}))`
}
