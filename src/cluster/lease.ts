// Named leases in the database: one instance at a time holds e.g. the long connection (WeCom allows
// one connection per bot). A lease is a row (name, holder, expires_at). Taking or renewing it is one
// conditional upsert — it succeeds when the row is missing, already ours, or expired — so SQLite
// and PostgreSQL both decide it atomically. Times come from the caller's clock (ISO text).
import { sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'

export interface LeaseState {
  holder: string
  expiresAt: Date
}

/**
 * Takes the lease, or renews it when `holder` already has it. True when `holder` holds it until
 * now + ttlMs afterwards; false when another holder's lease has not expired yet.
 */
export async function acquireLease(db: DbOrTrx, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const at = now.toISOString()
  const expires = new Date(now.getTime() + ttlMs).toISOString()
  const result = await db
    .insertInto('leases')
    .values({ name, holder, expires_at: expires, acquired_at: at })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({
          holder,
          expires_at: expires,
          // a renewal keeps the original acquisition time; a takeover starts a new one
          acquired_at: sql<string>`case when leases.holder = ${holder} then leases.acquired_at else ${at} end`,
        })
        .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', at)])),
    )
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Gives the lease up at once (only when `holder` has it), so another instance can take it. */
export async function releaseLease(db: DbOrTrx, name: string, holder: string): Promise<boolean> {
  const r = await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Who holds the lease at `now` (undefined when nobody or expired). */
export async function leaseHolder(db: DbOrTrx, name: string, now: Date): Promise<LeaseState | undefined> {
  const row = await db.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst()
  if (!row || row.expires_at <= now.toISOString()) return undefined
  return { holder: row.holder, expiresAt: new Date(row.expires_at) }
}

/** The stored row, expired or not (for scheduling the next attempt). */
export async function leaseRow(db: DbOrTrx, name: string): Promise<LeaseState | undefined> {
  const row = await db.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst()
  return row ? { holder: row.holder, expiresAt: new Date(row.expires_at) } : undefined
}
