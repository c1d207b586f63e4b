// Outbox row state changes, db first. A row is due when it is pending and its time has come, or
// when a worker claimed it and its claim expired (the worker died mid-send). Claiming counts an
// attempt, so a row that kills its worker still ends up dead after N claims.
//   PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED + UPDATE in one transaction (workers never wait
//   on each other and never get the same row).
//   SQLite: one conditional UPDATE … RETURNING (writes are serialized by SQLite itself).
import type { ExpressionBuilder, Selectable } from 'kysely'
import type { Db } from '../db/create-db.js'
import type { Database } from '../db/schema.js'
import type { DbOrTrx } from '../deps.js'

export type OutboxRow = Selectable<Database['outbox']>

export interface ClaimOptions {
  workerId: string
  now: Date
  /** how long the claim holds before another worker may take the row */
  claimMs: number
  limit: number
}

const due = (now: string) => (eb: ExpressionBuilder<Database, 'outbox'>) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', now)]),
  ])

export async function claimDue(dbh: Pick<Db, 'db' | 'dialect'>, o: ClaimOptions): Promise<OutboxRow[]> {
  const now = o.now.toISOString()
  const claim = { status: 'sending' as const, claimed_by: o.workerId, claimed_until: new Date(o.now.getTime() + o.claimMs).toISOString() }
  if (dbh.dialect === 'postgres') {
    return dbh.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('outbox')
        .selectAll()
        .where(due(now))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(o.limit)
        .forUpdate()
        .skipLocked()
        .execute()
      if (rows.length === 0) return []
      await trx
        .updateTable('outbox')
        .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', rows.map((r) => r.id))
        .execute()
      return rows.map((r) => ({ ...r, ...claim, attempts: Number(r.attempts) + 1 }))
    })
  }
  const rows = await dbh.db
    .updateTable('outbox')
    .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb.selectFrom('outbox as o').select('o.id').where((e) =>
        e.or([
          e.and([e('o.status', '=', 'pending'), e('o.next_attempt_at', '<=', now)]),
          e.and([e('o.status', '=', 'sending'), e('o.claimed_until', '<', now)]),
        ]),
      ).orderBy('o.next_attempt_at').orderBy('o.id').limit(o.limit),
    )
    .where(due(now))
    .returningAll()
    .execute()
  return rows.sort((a, b) => (a.next_attempt_at < b.next_attempt_at ? -1 : a.next_attempt_at > b.next_attempt_at ? 1 : a.id - b.id))
}

/** Updates only while this worker still holds the claim. */
function mine(db: DbOrTrx, row: OutboxRow) {
  return db.updateTable('outbox').where('id', '=', row.id).where('claimed_by', '=', row.claimed_by).where('status', '=', 'sending')
}

export async function markSent(db: DbOrTrx, row: OutboxRow, at: Date, channel: string): Promise<void> {
  const sentAt = at.toISOString()
  await mine(db, row).set({ status: 'sent', sent_at: sentAt, channel, claimed_until: null }).execute()
  if (row.dest_kind === 'group') await db.updateTable('chats').set({ last_push_at: sentAt }).where('chat_id', '=', row.dest_id).execute()
}

export async function markRetry(db: DbOrTrx, row: OutboxRow, nextAt: Date, error: string): Promise<void> {
  await mine(db, row).set({ status: 'pending', next_attempt_at: nextAt.toISOString(), last_error: error, claimed_until: null, claimed_by: null }).execute()
}

export async function markDead(db: DbOrTrx, row: OutboxRow, error: string, channel?: string): Promise<void> {
  await mine(db, row).set({ status: 'dead', last_error: error, claimed_until: null, ...(channel ? { channel } : {}) }).execute()
}

/** Over a rate limit: back to pending until a slot frees; the claim's attempt is given back. */
export async function defer(db: DbOrTrx, row: OutboxRow, until: Date): Promise<void> {
  await mine(db, row)
    .set((eb) => ({ status: 'pending', next_attempt_at: until.toISOString(), claimed_until: null, claimed_by: null, attempts: eb('attempts', '-', 1) }))
    .execute()
}
