// Operator actions on the outbox (npm run outbox): list rows, put dead rows back in the queue,
// discard rows that should never be sent.
import type { DbOrTrx } from '../deps.js'
import type { OutboxRow } from './claim.js'

export type OutboxStatus = OutboxRow['status']

export async function listOutbox(db: DbOrTrx, status: OutboxStatus | 'all' = 'dead', limit = 50): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit)
  if (status !== 'all') q = q.where('status', '=', status)
  return q.execute()
}

export async function countByStatus(db: DbOrTrx): Promise<Record<string, number>> {
  const rows = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

/** Dead rows (all, or the given ids) go back to pending with a fresh attempt count. */
export async function retryDead(db: DbOrTrx, now: Date, ids?: number[]): Promise<number> {
  let q = db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), claimed_by: null, claimed_until: null })
    .where('status', '=', 'dead')
  if (ids) q = q.where('id', 'in', ids.length ? ids : [-1])
  return Number((await q.executeTakeFirst()).numUpdatedRows)
}

/** Pending or dead rows are discarded (kept for the record, never sent). */
export async function discard(db: DbOrTrx, ids: number[], reason: string): Promise<number> {
  if (ids.length === 0) return 0
  const result = await db
    .updateTable('outbox')
    .set({ status: 'discarded', last_error: reason, claimed_by: null, claimed_until: null })
    .where('id', 'in', ids)
    .where('status', 'in', ['pending', 'dead'])
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
