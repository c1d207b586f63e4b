// The job contract. A job is a plain object: a name, a cron schedule read from configuration, the
// period key a due instant belongs to, how late a missed run may still be caught up, and
// run(ctx). ctx.db is the transaction that also holds the period claim: the outbox rows the job
// writes commit together with "done", or not at all. Heavy reading (the weekly digest) goes in
// prepare(ctx), before the claim and outside any transaction: on SQLite a transaction holds the only
// connection, and every callback would wait for it.
import type { Config } from '../config.js'
import type { DbOrTrx, Deps } from '../deps.js'

export interface JobContext extends Omit<Deps, 'db'> {
  db: DbOrTrx
  job: string
  /** e.g. '2026-W48' — already claimed in job_runs */
  period: string
  /** when the run was due (not when it started) */
  scheduledAt: Date
  now: Date
  /** Work that must not run inside the transaction (a file backup); runs after the commit. */
  afterCommit(fn: () => Promise<void>): void
}

/** What prepare sees: the database itself (no transaction, nothing claimed yet). */
export type PrepareContext = Omit<JobContext, 'afterCommit'>

export interface JobDef<P = undefined> {
  /** kebab-case, = file name */
  name: string
  /** the cron expression (5 fields, in config.timezone), from configuration */
  schedule: (config: Config) => string
  period: (scheduledAt: Date, tz: string) => string
  /** A run missed while the process was down is caught up when it is at most this late ('12h', '30m', '2d'). */
  catchUp: { within: string }
  /**
   * Optional read-only work before the period is claimed (may run on several instances; one claims).
   * Its result is handed to run. A failure here fails the run like one in run.
   */
  prepare?: (ctx: PrepareContext) => Promise<P>
  /** Returns a short summary kept in job_runs (e.g. '3 条消息'). */
  run: (ctx: JobContext, prepared: P) => Promise<string | void>
}

/** A job of any prepared type (the scheduler hands prepare's result to run untouched). */
export type AnyJob = JobDef<any>

export function defineJob<P = undefined>(def: JobDef<P>): JobDef<P> {
  return def
}

/** '12h' | '30m' | '2d' | '90s' → milliseconds. */
export function parseWithin(text: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim())
  if (!m) throw new Error(`bad catch-up window "${text}" (use e.g. 12h, 30m, 2d)`)
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd']
  return Number(m[1]) * unit
}
