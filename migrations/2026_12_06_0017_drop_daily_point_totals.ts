import { type Kysely, sql } from 'kysely'

// The points ledger no longer keeps a running total per day (no board ranks a day; the daily quiz
// cap sums the day's events). Rows written for days by earlier versions are removed — nothing read
// them. Day keys are the only ten-character periods ('2026-11-23'; the others are 'all', '2026',
// '2026-11', '2026-W48'). Irreversible by design: down() leaves the tables as they are, and an older
// version would simply start its day totals from zero.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from point_totals where period like '____-__-__'`.execute(db)
  await sql`delete from group_point_totals where period like '____-__-__'`.execute(db)
}

export async function down(_db: Kysely<any>): Promise<void> {}
