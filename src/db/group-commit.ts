// Group commit for SQLite. Every inbound message is one transaction, and on SQLite the commit —
// writing the dirtied pages to the WAL — costs more than the statements of a sign-in. Transactions
// asked for in the same turn of the event loop (the requests that arrived together) therefore run
// one after another inside ONE database transaction, each in its own savepoint, and share the
// commit. Each caller still sees a transaction of its own: its writes are kept or rolled back with
// its own outcome, and its promise settles only after the shared COMMIT (nothing is answered before
// it is durable). A commit that fails fails every member of the batch (a transient error: WeCom
// redelivers, and each message is done exactly once).
// PostgreSQL has a pool of connections and its own group commit: there, one transaction each.
import type { Kysely, Transaction } from 'kysely'
import { TransientError } from '../bot/transient.js'
import type { Database } from './schema.js'

export type Transact = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>

interface Job {
  fn: (trx: Transaction<Database>) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

/** Most transactions sharing one commit: bounds how long the last of them waits for its answer. */
export const MAX_BATCH = 32

// Taken at load: tests that install fake timers must not stop the database.
const nextTurn: (fn: () => void) => void = globalThis.setImmediate.bind(globalThis)

export function plainTransact(db: Kysely<Database>): Transact {
  return (fn) => db.transaction().execute(fn)
}

/** Runs one statement at once on the connection (create-db.ts: straight on better-sqlite3). */
export type Exec = (statement: string) => void

/**
 * `exec` runs the savepoint statements on the connection the batch's transaction holds. Kysely's
 * savepoint API builds a transaction object and a connection wrapper for each savepoint and goes
 * through its driver queue; straight on the connection a member of a batch of 8 costs ~12 µs of CPU
 * instead of ~27 (one insert each). The members of a batch get the batch's transaction: the
 * connection is the same, and SAVEPOINT / RELEASE on it is all a savepoint is.
 */
export function groupCommit(db: Kysely<Database>, exec: Exec, maxBatch = MAX_BATCH): Transact {
  const queue: Job[] = []
  let draining = false

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await runBatch(queue.splice(0, maxBatch))
    } finally {
      draining = false
    }
  }

  async function runBatch(batch: Job[]): Promise<void> {
    if (batch.length === 1) {
      const job = batch[0]!
      await db.transaction().execute(job.fn).then(job.resolve, job.reject)
      return
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = []
    let trx
    try {
      trx = await db.startTransaction().execute()
      for (const job of batch) {
        exec('SAVEPOINT job')
        try {
          const value = await job.fn(trx)
          exec('RELEASE job')
          outcomes.push({ ok: true, value })
        } catch (err) {
          // ROLLBACK TO keeps the savepoint open; RELEASE closes it. If SQLite has already rolled
          // the whole transaction back (disk full, I/O error), this throws and the batch fails.
          exec('ROLLBACK TO job')
          exec('RELEASE job')
          outcomes.push({ ok: false, err })
        }
      }
      await trx.commit().execute()
    } catch (err) {
      if (trx && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => {})
      // Nothing of the batch was kept: every member may be tried again (WeCom redelivers on a 503).
      const failure = new TransientError(err)
      for (const job of batch) job.reject(failure)
      return
    }
    batch.forEach((job, i) => {
      const o = outcomes[i]!
      if (o.ok) job.resolve(o.value)
      else job.reject(o.err)
    })
  }

  return <T>(fn: (trx: Transaction<Database>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject })
      if (!draining) {
        draining = true
        nextTurn(() => void drain())
      }
    })
}
