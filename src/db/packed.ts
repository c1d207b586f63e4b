// Many rows as ONE value. better-sqlite3 builds a JavaScript object per row, which for a thousand
// short rows costs more than finding them (支部评比's 1,000 rosters: 2.9 ms as objects, 0.8 ms
// packed, in the bench's database); packed by the database into one JSON array of arrays and
// parsed at once, the same rows cost a quarter of that. PostgreSQL packs with json_agg and its
// driver parses the JSON itself.
import { type Expression, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import { isPostgres } from './create-db.js'

/** The aggregate that packs `items` (one array per row) into a JSON array; [] or null when there are no rows. */
export function packed(db: DbOrTrx, items: Expression<unknown>[]): RawBuilder<unknown> {
  const list = sql.join(items)
  return isPostgres(db) ? sql`json_agg(json_build_array(${list}))` : sql`json_group_array(json_array(${list}))`
}

/** A packed value back as arrays: SQLite answers text, PostgreSQL's driver parsed json already (null for no rows). */
export const unpack = <T>(value: unknown): T[] => (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T[]

/** The rows of `query`, each as an array of `columns` in that order, read as one packed value. */
export async function packedRows<T extends readonly unknown[]>(db: DbOrTrx, query: SelectQueryBuilder<any, any, any>, columns: readonly string[]): Promise<T[]> {
  const row = await db
    .selectFrom(query.as('r'))
    .select(packed(db, columns.map((c) => sql.ref(`r.${c}`))).as('rows'))
    .executeTakeFirst()
  return unpack<T>(row?.rows)
}
