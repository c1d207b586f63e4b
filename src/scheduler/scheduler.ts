// The scheduler: the only importer of node-cron, and the one error boundary per job run.
// tick(now) is the whole algorithm and needs no timer: for every job it lists the due instants
// of its cron expression (config.timezone) since it last ran, runs those still within the job's
// catch-up window (oldest first) and records older ones as skipped. node-cron only calls tick
// once a minute; tests call tick with a fake clock; the sandbox calls it when its clock moves.
import cron, { type ScheduledTask } from 'node-cron'
import type { Deps } from '../deps.js'
import { dueBetween, parseCron, type Cron } from './cron.js'
import { parseWithin, type JobContext, type AnyJob } from './job.js'
import { claimPeriod, firstSeen, lastScheduledAt, markDone, markFailed, recordSkipped } from './runs.js'

/** Periods missed longer ago than this are not even recorded as skipped. */
const MAX_LOOKBACK_MS = 62 * 86_400_000
const NEW_JOB_LOOKBACK_MS = 8 * 86_400_000

export interface TickReport {
  ran: { job: string; period: string }[]
  skipped: { job: string; period: string }[]
  failed: { job: string; period: string; error: string }[]
}

export interface Scheduler {
  readonly jobs: AnyJob[]
  /** Runs everything due at `now` (default: the clock). Calls are serialized. */
  tick(now?: Date): Promise<TickReport>
  /** One run of a job for the period containing `at` (admin "run now", sandbox). */
  runNow(name: string, at?: Date): Promise<TickReport>
  start(): void
  stop(): Promise<void>
}

interface Planned {
  def: AnyJob
  cron: Cron
  withinMs: number
}

export function createScheduler(deps: Deps, jobs: AnyJob[]): Scheduler {
  const planned: Planned[] = jobs.map((def) => ({ def, cron: parseCron(def.schedule(deps.config)), withinMs: parseWithin(def.catchUp.within) }))
  const tz = deps.config.timezone
  let chain: Promise<unknown> = Promise.resolve()
  let task: ScheduledTask | undefined

  function serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = chain.then(fn, fn)
    chain = next.catch(() => {})
    return next
  }

  async function runOne(def: AnyJob, period: string, scheduledAt: Date, now: Date, report: TickReport): Promise<void> {
    const existing = await deps.db.selectFrom('job_runs').select('status').where('job', '=', def.name).where('period', '=', period).executeTakeFirst()
    if (existing && existing.status !== 'failed') return
    const after: (() => Promise<void>)[] = []
    try {
      const prepared = def.prepare ? await def.prepare({ ...deps, job: def.name, period, scheduledAt, now }) : undefined
      const ran = await deps.db.transaction().execute(async (trx) => {
        if (!(await claimPeriod(trx, def.name, period, scheduledAt, now))) return false
        const ctx: JobContext = { ...deps, db: trx, job: def.name, period, scheduledAt, now, afterCommit: (fn) => void after.push(fn) }
        const summary = await def.run(ctx, prepared)
        await markDone(trx, def.name, period, deps.clock.now(), summary || undefined)
        return true
      })
      if (!ran) return
      report.ran.push({ job: def.name, period })
      deps.outbox.wake()
      deps.log.info({ job: def.name, period }, 'job done')
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      deps.log.error({ job: def.name, period, err: error }, 'job failed')
      report.failed.push({ job: def.name, period, error })
      await markFailed(deps.db, def.name, period, scheduledAt, deps.clock.now(), error).catch((e: unknown) => deps.log.error({ err: String(e) }, 'could not record job failure'))
      return
    }
    for (const fn of after) {
      await fn().catch((e: unknown) => deps.log.error({ job: def.name, period, err: String(e) }, 'job after-commit step failed'))
    }
  }

  /** The due instants of a job to look at now: late ones (beyond the window) and runnable ones. */
  async function dueFor(p: Planned, now: Date, since: Date): Promise<{ at: Date; period: string; late: boolean }[]> {
    const windowStart = now.getTime() - p.withinMs
    const last = await lastScheduledAt(deps.db, p.def.name)
    // Everything since the job's last known run (missed periods are caught up or recorded as
    // skipped), never before the scheduler first saw this database (a fresh install does not
    // replay or report old periods); a job that never ran looks back one week at most.
    const floor = Math.max(since.getTime(), now.getTime() - (last ? MAX_LOOKBACK_MS : NEW_JOB_LOOKBACK_MS))
    const from = Math.max(Math.min(last?.getTime() ?? floor, windowStart), floor)
    return dueBetween(p.cron, new Date(from), now, tz).map((at) => ({ at, period: p.def.period(at, tz), late: at.getTime() < windowStart }))
  }

  async function tickAll(now: Date): Promise<TickReport> {
    const report = emptyReport()
    const since = await firstSeen(deps.db, now)
    const work: { p: Planned; due: Awaited<ReturnType<typeof dueFor>> }[] = []
    for (const p of planned) work.push({ p, due: await dueFor(p, now, since) })
    // Missed periods are recorded first, so a digest running in the same tick reports them.
    for (const { p, due } of work) {
      for (const d of due.filter((x) => x.late)) {
        if (await recordSkipped(deps.db, p.def.name, d.period, d.at, now)) {
          report.skipped.push({ job: p.def.name, period: d.period })
          deps.log.warn({ job: p.def.name, period: d.period, scheduledAt: d.at.toISOString() }, 'job period missed beyond its catch-up window: skipped')
        }
      }
    }
    for (const { p, due } of work) for (const d of due.filter((x) => !x.late)) await runOne(p.def, d.period, d.at, now, report)
    return report
  }

  const emptyReport = (): TickReport => ({ ran: [], skipped: [], failed: [] })

  return {
    jobs,
    tick(now?: Date) {
      return serialize(() => tickAll(now ?? deps.clock.now()))
    },
    runNow(name: string, at?: Date) {
      return serialize(async () => {
        const p = planned.find((x) => x.def.name === name)
        if (!p) throw new Error(`unknown job ${name}`)
        const now = deps.clock.now()
        const scheduledAt = at ?? now
        const report = emptyReport()
        await runOne(p.def, p.def.period(scheduledAt, tz), scheduledAt, now, report)
        return report
      })
    },
    start() {
      if (task) return
      task = cron.schedule('* * * * *', () => void this.tick().catch((e: unknown) => deps.log.error({ err: String(e) }, 'scheduler tick failed')), {
        timezone: tz,
        name: 'study-bot-scheduler',
        noOverlap: true,
      })
      // Catch up at start (periods missed while the process was down).
      void this.tick().catch((e: unknown) => deps.log.error({ err: String(e) }, 'scheduler tick failed'))
    },
    async stop() {
      if (task) {
        await task.destroy()
        task = undefined
      }
      await chain
    },
  }
}
