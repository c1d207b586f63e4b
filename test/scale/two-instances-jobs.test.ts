// A weekly job fired on two instances at the same instant runs once: the period claim in job_runs
// lets exactly one of them in, so there is one run per period and one set of outbox rows — also
// for a period both catch up after downtime — and the two delivery loops together send each once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TickReport } from '../../src/scheduler/scheduler.js'
import { FakeWecomServer } from '../support/fake-wecom-server.js'
import { createSharedDb, type SharedDb } from './shared-db.js'
import { twoInstances, type TwoInstances } from './two-instances.js'

const T0 = '2026-11-23T01:00:00Z' // Mon 09:00 Asia/Shanghai, week 2026-W48
const HOUR = 3_600_000
const GROUPS = 12
const NEVER = '0 0 31 2 *'
const chatId = (i: number) => `wr-two-${String(i).padStart(2, '0')}`

let shared: SharedDb
let fake: FakeWecomServer
let two: TwoInstances
beforeAll(async () => {
  shared = await createSharedDb()
  fake = await FakeWecomServer.start()
  two = await twoInstances(shared, T0, fake.url, { JOB_REMINDERS: NEVER, JOB_LEADERBOARD: NEVER, JOB_ADMIN_DIGEST: NEVER, JOB_HOUSEKEEPING: NEVER })
  const db = two.a.deps.db
  for (let i = 0; i < GROUPS; i++) {
    await db.insertInto('chats').values({ chat_id: chatId(i), type: 'group', name: `第${i}支部`, first_seen_at: T0, last_seen_at: T0, webhook_key: `two-key-${i}`, longconn_ok: 0, last_push_at: null }).execute()
  }
  for (const [week, title] of [['2026-W48', '《论语》学而篇'], ['2026-W49', '《论语》为政篇']] as const) {
    await db.insertInto('assignments').values({ week, chat_id: '*', title, material: '', link: null, note_min: 0, quiz_tags: '', due_at: '2026-12-31T00:00:00Z', created_by: 'wangshuji', created_at: T0 }).execute()
  }
}, 60_000)
afterAll(async () => {
  await two?.stop()
  await fake?.close()
  await shared?.drop()
})

/** Both instances tick at the same instant, concurrently. */
async function tickBoth(at: number): Promise<TickReport[]> {
  two.setBoth(new Date(at))
  return Promise.all([two.a.scheduler.tick(), two.b.scheduler.tick()])
}
/** The weekly-assignment runs of both reports; every other job (each-minute session jobs …) ran at most once per period too. */
function ran(reports: TickReport[]): TickReport['ran'] {
  const all = reports.flatMap((r) => r.ran).map((r) => `${r.job}|${r.period}`)
  expect(new Set(all).size).toBe(all.length)
  return reports.flatMap((r) => r.ran).filter((r) => r.job === 'weekly-assignment')
}

describe('a weekly job on two instances', () => {
  it('runs once per period when both fire at the same moment, and once when both catch up after downtime', async () => {
    const t0 = Date.parse(T0)
    // First ticks ever, concurrently: one "scheduler.since" marker, nothing replayed.
    expect(ran(await tickBoth(t0 - 60_000))).toEqual([])
    expect(await two.a.deps.db.selectFrom('settings').selectAll().where('key', '=', 'scheduler.since').execute()).toHaveLength(1)

    const due = await tickBoth(t0)
    expect(ran(due)).toEqual([{ job: 'weekly-assignment', period: '2026-W48' }])
    expect(due.flatMap((r) => [...r.failed, ...r.skipped])).toEqual([])
    for (let m = 1; m <= 3; m++) expect(ran(await tickBoth(t0 + m * 60_000))).toEqual([])

    // Both down over the next Monday 09:00, back at 11:00 (within the 12 h catch-up), together.
    const late = await tickBoth(t0 + 7 * 24 * HOUR + 2 * HOUR)
    expect(ran(late)).toEqual([{ job: 'weekly-assignment', period: '2026-W49' }])
    expect(late.flatMap((r) => [...r.failed, ...r.skipped])).toEqual([])

    const db = two.b.deps.db
    const runs = await db.selectFrom('job_runs').select(['job', 'period', 'status', 'scheduled_at']).where('job', '=', 'weekly-assignment').orderBy('period').execute()
    expect(runs).toEqual([
      { job: 'weekly-assignment', period: '2026-W48', status: 'done', scheduled_at: '2026-11-23T01:00:00.000Z' },
      { job: 'weekly-assignment', period: '2026-W49', status: 'done', scheduled_at: '2026-11-30T01:00:00.000Z' },
    ])
    const rows = await db.selectFrom('outbox').select(['dedupe_key', 'dest_id']).where('dedupe_key', 'like', 'weekly-assignment:%').orderBy('dedupe_key').execute()
    const expected = ['2026-W48', '2026-W49'].flatMap((w) => Array.from({ length: GROUPS }, (_, i) => `weekly-assignment:${w}:${chatId(i)}`)).sort()
    expect(rows.map((r) => r.dedupe_key)).toEqual(expected)
  })

  it('both delivery loops, draining at once, send each group each week exactly once', async () => {
    for (let pass = 0; pass < 20; pass++) {
      const counts = await Promise.all([two.a.delivery.drainOnce(), two.b.delivery.drainOnce()])
      if (counts.every((c) => c.claimed === 0)) break
    }
    const rows = await two.a.deps.db.selectFrom('outbox').select(['status', 'attempts']).execute()
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true)
    const sends = fake.delivered('webhook/send')
    expect(sends).toHaveLength(GROUPS * 2)
    for (let i = 0; i < GROUPS; i++) {
      const titles = sends.filter((s) => s.query.key === `two-key-${i}`).map((s) => s.body.template_card.main_title.title)
      expect(titles).toEqual(['本周学习：《论语》学而篇', '本周学习：《论语》为政篇'])
    }
  })
})
