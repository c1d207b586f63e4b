// job_runs: one row per (job, period). The claim is an insert-or-nothing inside the run's own
// transaction, so a period runs once across restarts and instances, and a run that dies
// half-way leaves no claim behind (it is simply run again).
import type { Selectable } from 'kysely'
import type { CoreTables } from '../db/tables/core.js'
import type { DbOrTrx } from '../deps.js'

export type JobRun = Selectable<CoreTables['job_runs']>

/** Failed runs are tried again (within the catch-up window) after this long. */
export const RETRY_FAILED_AFTER_MS = 5 * 60_000

/** Claims (job, period). Returns false when another run holds or finished it. A failed run may be reclaimed. */
export async function claimPeriod(db: DbOrTrx, job: string, period: string, scheduledAt: Date, now: Date): Promise<boolean> {
  const at = now.toISOString()
  const retryBefore = new Date(now.getTime() - RETRY_FAILED_AFTER_MS).toISOString()
  const result = await db
    .insertInto('job_runs')
    .values({ job, period, status: 'running', scheduled_at: scheduledAt.toISOString(), claimed_at: at, finished_at: null, error: null })
    .onConflict((oc) =>
      oc
        .columns(['job', 'period'])
        .doUpdateSet({ status: 'running', claimed_at: at, finished_at: null, error: null })
        .where('job_runs.status', '=', 'failed')
        .where('job_runs.finished_at', '<=', retryBefore),
    )
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function markDone(db: DbOrTrx, job: string, period: string, now: Date, summary?: string): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ status: 'done', finished_at: now.toISOString(), error: summary ?? null })
    .where('job', '=', job)
    .where('period', '=', period)
    .execute()
}

/** Written outside the rolled-back run transaction, so admins see the failure. */
export async function markFailed(db: DbOrTrx, job: string, period: string, scheduledAt: Date, now: Date, error: string): Promise<void> {
  const at = now.toISOString()
  const row = { status: 'failed' as const, finished_at: at, error: error.slice(0, 500) }
  await db
    .insertInto('job_runs')
    .values({ job, period, scheduled_at: scheduledAt.toISOString(), claimed_at: at, ...row })
    .onConflict((oc) => oc.columns(['job', 'period']).doUpdateSet(row).where('job_runs.status', '!=', 'done'))
    .execute()
}

/** A period missed beyond its catch-up window: recorded once, never run. */
export async function recordSkipped(db: DbOrTrx, job: string, period: string, scheduledAt: Date, now: Date): Promise<boolean> {
  const at = now.toISOString()
  const result = await db
    .insertInto('job_runs')
    .values({ job, period, status: 'skipped', scheduled_at: scheduledAt.toISOString(), claimed_at: at, finished_at: at, error: null })
    .onConflict((oc) => oc.columns(['job', 'period']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** The latest due instant this job has a row for (any status). */
export async function lastScheduledAt(db: DbOrTrx, job: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('job_runs')
    .select((eb) => eb.fn.max('scheduled_at').as('at'))
    .where('job', '=', job)
    .executeTakeFirst()
  return row?.at ? new Date(String(row.at)) : undefined
}

export async function runsSince(db: DbOrTrx, since: Date, statuses?: JobRun['status'][]): Promise<JobRun[]> {
  let q = db.selectFrom('job_runs').selectAll().where('scheduled_at', '>=', since.toISOString())
  if (statuses?.length) q = q.where('status', 'in', statuses)
  return q.orderBy('scheduled_at', 'desc').orderBy('job').execute()
}

export async function latestRun(db: DbOrTrx, job: string): Promise<JobRun | undefined> {
  return db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('scheduled_at', 'desc').limit(1).executeTakeFirst()
}

const SINCE = 'scheduler.since'

/** When the scheduler first ticked on this database (recorded on the first call). */
export async function firstSeen(db: DbOrTrx, now: Date): Promise<Date> {
  const read = () => db.selectFrom('settings').select('value').where('key', '=', SINCE).executeTakeFirst()
  const seen = await read()
  if (seen) return new Date(seen.value)
  const at = now.toISOString()
  await db.insertInto('settings').values({ key: SINCE, value: at, updated_at: at }).onConflict((oc) => oc.column('key').doNothing()).execute()
  return new Date((await read())?.value ?? at)
}
