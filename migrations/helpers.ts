// Helpers for migrations only. Migrations are frozen in time: they never import from src/.
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely'

export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter

/** An auto-incrementing integer primary key named `id` on both SQLite and PostgreSQL. */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement())
}

/** 64-bit integer column type (points sums, byte counts). */
export const bigint = (db: Kysely<any>) => (isPostgres(db) ? 'bigint' : 'integer')

/** Runs fn in one transaction: PostgreSQL runs each migration in one already (transactional DDL); SQLite's is ours. */
export const inTransaction = (db: Kysely<any>, fn: (trx: Kysely<any>) => Promise<void>): Promise<void> => (isPostgres(db) ? fn(db) : db.transaction().execute(fn))
