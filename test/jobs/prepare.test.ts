// A job's prepare step runs before its period is claimed and outside any transaction: the heavy
// read of the weekly digest must not hold SQLite's only connection while the bot answers callbacks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createScheduler } from '../../src/scheduler/scheduler.js'
import { defineJob } from '../../src/scheduler/job.js'
import type { TestDeps } from '../support/test-deps.js'
import { jobDeps, localIso } from './helpers.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await jobDeps(localIso('2026-11-23T07:59'))
})
afterEach(() => deps.dbh.drop())

const runsOf = (job: string) => deps.db.selectFrom('job_runs').select(['period', 'status', 'error']).where('job', '=', job).execute()

describe('job prepare', () => {
  it('runs outside the claim transaction and hands its result to run', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let prepared = false
    const job = defineJob({
      name: 'slow-read',
      schedule: () => '0 8 * * 1',
      period: (at) => at.toISOString().slice(0, 10),
      catchUp: { within: '2d' },
      async prepare() {
        prepared = true
        await gate
        return { rows: 42 }
      },
      async run(ctx, p) {
        await ctx.db.insertInto('users').values({ userid: 'from-run', name: String(p.rows), first_seen_at: ctx.now.toISOString() }).execute()
        return `${p.rows} 行`
      },
    })
    const scheduler = createScheduler(deps, [job])
    await scheduler.tick()
    deps.clock.set(localIso('2026-11-23T08:00'))
    const ticking = scheduler.tick()
    while (!prepared) await new Promise((r) => setImmediate(r))
    // While prepare waits, another writer (a callback) gets the database.
    await deps.db.insertInto('users').values({ userid: 'callback', name: null, first_seen_at: '2026-11-23T00:00:00.000Z' }).execute()
    expect(await runsOf('slow-read')).toEqual([])
    release()
    expect((await ticking).ran).toEqual([{ job: 'slow-read', period: '2026-11-23' }])
    expect(await runsOf('slow-read')).toEqual([{ period: '2026-11-23', status: 'done', error: '42 行' }]) // the summary
    const users = await deps.db.selectFrom('users').select(['userid', 'name']).orderBy('userid').execute()
    expect(users).toEqual([
      { userid: 'callback', name: null },
      { userid: 'from-run', name: '42' },
    ])
  })

  it('a failing prepare fails the run, which is tried again on the next tick', async () => {
    let fail = true
    const job = defineJob({
      name: 'flaky-read',
      schedule: () => '0 8 * * 1',
      period: (at) => at.toISOString().slice(0, 10),
      catchUp: { within: '2d' },
      async prepare() {
        if (fail) throw new Error('read failed')
        return 'ok'
      },
      async run(_ctx, p) {
        return p
      },
    })
    const scheduler = createScheduler(deps, [job])
    await scheduler.tick()
    deps.clock.set(localIso('2026-11-23T08:00'))
    expect((await scheduler.tick()).failed).toEqual([{ job: 'flaky-read', period: '2026-11-23', error: 'read failed' }])
    expect(await runsOf('flaky-read')).toEqual([{ period: '2026-11-23', status: 'failed', error: 'read failed' }])
    fail = false
    deps.clock.set(localIso('2026-11-23T08:06')) // failed runs wait 5 minutes before a retry
    expect((await scheduler.tick()).ran).toEqual([{ job: 'flaky-read', period: '2026-11-23' }])
    expect(await runsOf('flaky-read')).toEqual([{ period: '2026-11-23', status: 'done', error: 'ok' }])
  })
})
