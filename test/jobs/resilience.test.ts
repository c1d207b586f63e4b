// Downtime, several instances, and a crash in the middle of a push.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { jobs } from '../../jobs/index.js'
import weeklyAssignment from '../../jobs/weekly-assignment.js'
import { createDb } from '../../src/db/create-db.js'
import { createOutbox, type Outbox } from '../../src/outbox/outbox.js'
import { createScheduler } from '../../src/scheduler/scheduler.js'
import { PG_URL } from '../support/test-db.js'
import type { TestDeps } from '../support/test-deps.js'
import { G1, G2, jobDeps, localIso, outboxRows, schedulerFor, seedGroups, seedPlan, walk } from './helpers.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await jobDeps('2026-11-15T16:00:00.000Z') // Mon 2026-11-16 00:00
  await seedGroups(deps.db)
  await seedPlan(deps.db, ['2026-W47', '2026-W48', '2026-W49'])
})
afterEach(() => deps.dbh.drop())

const statusOf = async (job: string, period: string) =>
  (await deps.db.selectFrom('job_runs').select('status').where('job', '=', job).where('period', '=', period).executeTakeFirst())?.status

describe('downtime', () => {
  it('catches up what is still within the grace window and records older periods as skipped', async () => {
    const scheduler = schedulerFor(deps)
    await scheduler.tick()
    await walk(deps, scheduler, localIso('2026-11-21T12:00')) // runs normally until Saturday noon
    // Down from Saturday 12:00 until Monday 10:30: Sunday's board (20:00) is 14.5 h late (> 12 h),
    // Monday's digest (08:00, 2 days grace) and assignment push (09:00, 12 h) are still due.
    deps.clock.set(localIso('2026-11-23T10:30'))
    const report = await scheduler.tick()
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { job: 'leaderboard', period: '2026-W47' },
        { job: 'housekeeping', period: '2026-11-22' },
      ]),
    )
    expect(report.ran).toEqual(
      expect.arrayContaining([
        { job: 'admin-digest', period: '2026-W48' },
        { job: 'weekly-assignment', period: '2026-W48' },
        { job: 'housekeeping', period: '2026-11-23' },
      ]),
    )
    expect(await statusOf('leaderboard', '2026-W47')).toBe('skipped')
    expect((await outboxRows(deps.db, 'leaderboard:2026-W47'))).toHaveLength(0)
    expect((await outboxRows(deps.db, 'weekly-assignment:2026-W48')).map((r) => r.dedupe_key)).toEqual([
      `weekly-assignment:2026-W48:${G2}`,
      `weekly-assignment:2026-W48:${G1}`,
    ])
    // Another tick changes nothing; the skipped period is shown to admins in /任务 状态 and the digest.
    expect(await scheduler.tick()).toEqual({ ran: [], skipped: [], failed: [] })
    const digest = await outboxRows(deps.db, 'admin-digest:2026-W47:wangshuji:text')
    expect(JSON.parse(digest[0]!.payload).content).toContain('leaderboard 2026-W47（已跳过）')
  })

  it('a fresh install does not replay periods from before it first ran', async () => {
    deps.clock.set(localIso('2026-11-23T09:30'))
    const report = await schedulerFor(deps).tick()
    expect(report).toEqual({ ran: [], skipped: [], failed: [] })
  })
})

describe('several instances on one database', () => {
  it('runs each period once', async () => {
    const first = schedulerFor(deps)
    await first.tick()
    let second = createScheduler(deps, jobs)
    let otherDb: ReturnType<typeof createDb> | undefined
    if (PG_URL && deps.dbh.schema) {
      // A second process: its own connection pool on the same schema.
      otherDb = createDb(PG_URL, { schema: deps.dbh.schema, poolSize: 3 })
      second = createScheduler({ ...deps, db: otherDb.db, outbox: createOutbox(deps.clock) }, jobs)
    }
    deps.clock.set(localIso('2026-11-16T09:00'))
    const [a, b] = await Promise.all([first.tick(), second.tick()])
    await otherDb?.close()
    const ran = [...a.ran, ...b.ran].filter((r) => r.job === 'weekly-assignment')
    expect(ran).toEqual([{ job: 'weekly-assignment', period: '2026-W47' }])
    expect(await outboxRows(deps.db, 'weekly-assignment:')).toHaveLength(2)
  })
})

describe('a crash in the middle of a push', () => {
  it('rolls the whole run back; the rerun sends each message exactly once', async () => {
    let crash = true
    const real = createOutbox(deps.clock)
    const flaky: Outbox = {
      wake: () => {},
      async enqueue(db, item) {
        const inserted = await real.enqueue(db, item)
        if (crash) throw new Error('killed after the first card')
        return inserted
      },
    }
    const scheduler = createScheduler({ ...deps, outbox: flaky }, [weeklyAssignment])
    await scheduler.tick()
    deps.clock.set(localIso('2026-11-16T09:00'))
    const first = await scheduler.tick()
    expect(first.failed).toEqual([{ job: 'weekly-assignment', period: '2026-W47', error: 'killed after the first card' }])
    expect(await outboxRows(deps.db, 'weekly-assignment:')).toHaveLength(0)
    expect(await statusOf('weekly-assignment', '2026-W47')).toBe('failed')

    crash = false
    deps.clock.set(localIso('2026-11-16T09:03'))
    expect((await scheduler.tick()).ran).toEqual([]) // failed runs wait 5 minutes before a retry
    deps.clock.set(localIso('2026-11-16T09:06'))
    expect((await scheduler.tick()).ran).toEqual([{ job: 'weekly-assignment', period: '2026-W47' }])
    const rows = await outboxRows(deps.db, 'weekly-assignment:')
    expect(rows.map((r) => r.dedupe_key)).toEqual([`weekly-assignment:2026-W47:${G2}`, `weekly-assignment:2026-W47:${G1}`])
    expect(await statusOf('weekly-assignment', '2026-W47')).toBe('done')
  })
})
