import { type Kysely, sql } from 'kysely'
import { inTransaction } from './helpers.js'

// The board index point_totals_rank holds week and all-time rows only. A sign-in adds to four totals
// of its member (all time, year, month, week), each in its own stretch of the index (the group's
// rows of that period), so it rewrote four leaf pages of it per award, and a commit of eight
// sign-ins from eight groups ~32 — the largest share of a /签到's commit on a large roster; now half.
// A month's or year's board (/排行 月, one group) looks its members' totals up by key instead, the
// members listed by their all-time rows (src/points/board-index.ts). A query reaches this index
// only by naming its condition: neither database uses a partial index for `period = ?` alone.
export async function up(db: Kysely<any>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.schema.dropIndex('point_totals_rank').execute()
    await sql`create index point_totals_rank on point_totals (chat_id, period, points desc, userid, prev_points, prev_rank, name) where period like '%-W%' or period = 'all'`.execute(trx)
  })
}

export async function down(db: Kysely<any>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.schema.dropIndex('point_totals_rank').execute()
    await sql`create index point_totals_rank on point_totals (chat_id, period, points desc, userid, prev_points, prev_rank, name)`.execute(trx)
  })
}
