import { type Kysely, sql } from 'kysely'
import { isPostgres } from './helpers.js'

// SQLite: the group totals are keyed (chat_id, period) instead of (period, chat_id). An award adds
// to four periods of its group's totals; keyed by period first, those four rows sat in four
// different stretches of the table (each period's row of every group together), so a commit of
// eight sign-ins from eight groups wrote ~24 pages of it; keyed by group first, a group's current
// periods share a page or two. 支部评比 now reads each group's total of the period by its key
// (1,000 lookups, about as fast as the range it read before).
// PostgreSQL keeps its table and its covering index group_point_totals_period (nothing to do).
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return
  await db.transaction().execute((trx) => rebuild(trx, '(chat_id, period)'))
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return
  await db.transaction().execute((trx) => rebuild(trx, '(period, chat_id)'))
}

async function rebuild(db: Kysely<any>, key: string): Promise<void> {
  await sql.raw(`create table group_point_totals_new (chat_id text not null, period text not null, points integer not null, members integer not null, constraint group_point_totals_pk primary key ${key}) without rowid`).execute(db)
  await sql`insert into group_point_totals_new (chat_id, period, points, members) select chat_id, period, points, members from group_point_totals`.execute(db)
  await sql`drop table group_point_totals`.execute(db)
  await sql`alter table group_point_totals_new rename to group_point_totals`.execute(db)
}
