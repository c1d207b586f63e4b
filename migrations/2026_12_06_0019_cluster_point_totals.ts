import { type Kysely, sql } from 'kysely'
import { isPostgres } from './helpers.js'

// SQLite: the running totals become WITHOUT ROWID tables, stored in their primary key's order.
// A sign-in adds to four periods of each table; as rowid tables every row also had its primary-key
// index to update (point_totals: table + key + board index; group_point_totals: table + key +
// period index), now the key IS the table: half the pages a sign-in writes into these two tables,
// and a member's total for a period is one lookup, among the group's other totals of that period
// (the Sunday job reads last week's totals of every board's members). group_point_totals_period
// held the whole row again in period order, which the table itself now is: dropped.
// PostgreSQL keeps its heap tables and indexes (nothing to do).
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return
  await db.transaction().execute((trx) => rebuildTotals(trx, ' without rowid'))
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return
  await db.transaction().execute(async (trx) => {
    await rebuildTotals(trx, '')
    await sql`create index group_point_totals_period on group_point_totals (period, chat_id, points, members)`.execute(trx)
  })
}

/** Both totals tables again, as rowid tables ('') or WITHOUT ROWID, with the board index. */
async function rebuildTotals(db: Kysely<any>, options: string): Promise<void> {
  const totals = 'chat_id text not null, userid text not null, period text not null, points integer not null, events integer not null, constraint point_totals_pk primary key (chat_id, period, userid)'
  await rebuild(db, 'point_totals', totals, 'chat_id, userid, period, points, events', options)
  await sql`create index point_totals_rank on point_totals (chat_id, period, points, userid)`.execute(db)
  const groups = 'chat_id text not null, period text not null, points integer not null, members integer not null, constraint group_point_totals_pk primary key (period, chat_id)'
  await rebuild(db, 'group_point_totals', groups, 'chat_id, period, points, members', options)
}

/** Copies `table` into a new table of the given shape and puts it in its place (its indexes go with the old one). */
async function rebuild(db: Kysely<any>, table: string, columns: string, names: string, options: string): Promise<void> {
  await sql.raw(`create table ${table}_new (${columns})${options}`).execute(db)
  await sql.raw(`insert into ${table}_new (${names}) select ${names} from ${table}`).execute(db)
  await sql.raw(`drop table ${table}`).execute(db)
  await sql.raw(`alter table ${table}_new rename to ${table}`).execute(db)
}
