import { type Kysely, sql } from 'kysely'
import { DateTime } from 'luxon'
import { bigint, inTransaction } from './helpers.js'

// What a board shows of a member, kept on their running total so a board reads its rows off one
// index (point_totals_rank, now in board order: points descending, then userid) instead of three
// more lookups per row:
// - name: the member's name (users.name), copied when the row is written and when it changes;
// - prev_points, prev_rank (weeks, months, years): where the member stood in the period before —
//   their total then (null without one) and 1 + the members of the group with more points then,
//   hidden members included (null unless prev_points > 0).
// The ledger keeps them (src/points/ledger.ts, previous.ts; names: src/members/roster.ts). Here
// they are filled for the latest week, month and year on record and for all time — the only
// periods a board shows (older periods' boards are never read; rows written from now on get them).
export async function up(db: Kysely<any>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.schema.alterTable('point_totals').addColumn('prev_points', bigint(trx)).execute()
    await trx.schema.alterTable('point_totals').addColumn('prev_rank', 'integer').execute()
    await trx.schema.alterTable('point_totals').addColumn('name', 'text').execute()
    await trx.schema.dropIndex('point_totals_rank').execute()
    await sql`create index point_totals_rank on point_totals (chat_id, period, points desc, userid, prev_points, prev_rank, name)`.execute(trx)
    const periods = (await sql<{ period: string }>`select distinct period from point_totals`.execute(trx)).rows.map((r) => r.period)
    const latest = [/^\d{4}-W\d{2}$/, /^\d{4}-\d{2}$/, /^\d{4}$/].flatMap((pattern) => periods.filter((p) => pattern.test(p)).sort().slice(-1))
    await sql`update point_totals set name = (select u.name from users u where u.userid = point_totals.userid) where period in (${sql.join([...latest, 'all'])})`.execute(trx)
    for (const latestOfKind of latest) {
      await sql`
        update point_totals as t set prev_points = r.points, prev_rank = case when r.points > 0 then r.rk end
        from (select chat_id, userid, points, rank() over (partition by chat_id order by points desc) as rk from point_totals where period = ${previousOf(latestOfKind)}) as r
        where t.period = ${latestOfKind} and r.chat_id = t.chat_id and r.userid = t.userid`.execute(trx)
    }
  })
}

export async function down(db: Kysely<any>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.schema.dropIndex('point_totals_rank').execute()
    await sql`create index point_totals_rank on point_totals (chat_id, period, points, userid)`.execute(trx)
    await trx.schema.alterTable('point_totals').dropColumn('name').execute()
    await trx.schema.alterTable('point_totals').dropColumn('prev_rank').execute()
    await trx.schema.alterTable('point_totals').dropColumn('prev_points').execute()
  })
}

/** '2026-W48' → '2026-W47', '2026-01' → '2025-12', '2026' → '2025'. */
function previousOf(key: string): string {
  if (/^\d{4}$/.test(key)) return String(Number(key) - 1)
  if (/^\d{4}-\d{2}$/.test(key)) return DateTime.fromFormat(key, 'yyyy-MM', { zone: 'UTC' }).minus({ months: 1 }).toFormat('yyyy-MM')
  return DateTime.fromISO(`${key}-1`, { zone: 'UTC' }).minus({ weeks: 1 }).toFormat("kkkk-'W'WW")
}
