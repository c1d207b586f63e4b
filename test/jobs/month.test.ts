// A whole month on the fake clock: every push once, at the right local time; rest days and
// holidays respected (National Day 2026: Thu 10-01 and Mon 10-05 are holidays).
import { readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setRestDay } from '../../src/calendar/calendar.js'
import type { TestDeps } from '../support/test-deps.js'
import { G2, jobDeps, localIso, outboxRows, schedulerFor, seedGroups, seedPlan, walk } from './helpers.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await jobDeps('2026-09-27T16:00:00.000Z') // Mon 2026-09-28 00:00 Asia/Shanghai
  await seedGroups(deps.db)
  await seedPlan(deps.db, ['2026-W40', '2026-W41', '2026-W42', '2026-W43'])
})
afterEach(() => deps.dbh.drop())

describe('a month of scheduled jobs', () => {
  it('pushes every assignment, reminder, board and digest exactly once at its local time', async () => {
    // 第二党支部 rests on Thursday 10-15 (its own calendar).
    await setRestDay(deps.db, G2, '2026-10-15', 'rest', { userid: 'wangshuji', at: '2026-09-01T00:00:00Z' })
    const scheduler = schedulerFor(deps)
    await scheduler.tick()
    await walk(deps, scheduler, '2026-10-25T16:00:00.000Z') // to Mon 10-26 00:00

    const assignments = await outboxRows(deps.db, 'weekly-assignment:')
    expect(assignments.map((r) => [r.dedupe_key, r.created_at, r.next_attempt_at])).toEqual([
      ['weekly-assignment:2026-W40:wr-dezb', localIso('2026-09-28T09:00'), localIso('2026-09-28T09:00')],
      ['weekly-assignment:2026-W40:wr-dyzb', localIso('2026-09-28T09:00'), localIso('2026-09-28T09:00')],
      // Monday 10-05 is a holiday: written on time, delivered on the first working day (Thu 10-08).
      ['weekly-assignment:2026-W41:wr-dezb', localIso('2026-10-05T09:00'), localIso('2026-10-08T09:00')],
      ['weekly-assignment:2026-W41:wr-dyzb', localIso('2026-10-05T09:00'), localIso('2026-10-08T09:00')],
      ['weekly-assignment:2026-W42:wr-dezb', localIso('2026-10-12T09:00'), localIso('2026-10-12T09:00')],
      ['weekly-assignment:2026-W42:wr-dyzb', localIso('2026-10-12T09:00'), localIso('2026-10-12T09:00')],
      ['weekly-assignment:2026-W43:wr-dezb', localIso('2026-10-19T09:00'), localIso('2026-10-19T09:00')],
      ['weekly-assignment:2026-W43:wr-dyzb', localIso('2026-10-19T09:00'), localIso('2026-10-19T09:00')],
    ])
    const card = JSON.parse(assignments[0]!.payload)
    expect(card.type).toBe('card')
    expect(card.card.main_title.title).toBe('本周学习：第40周学习')
    expect(card.card.horizontal_content_list).toContainEqual({ keyname: '心得要求', value: '不少于 300 字' })
    expect(card.card.horizontal_content_list).toContainEqual({ keyname: '截止时间', value: '10月4日 周日 20:00' })

    // Thu 10-01 (National Day) has no reminder anywhere; 第二党支部 rests on 10-15.
    const reminders = await outboxRows(deps.db, 'reminder:')
    expect(reminders.map((r) => [r.dedupe_key, r.created_at])).toEqual([
      ['reminder:2026-W41:wr-dezb', localIso('2026-10-08T19:00')],
      ['reminder:2026-W41:wr-dyzb', localIso('2026-10-08T19:00')],
      ['reminder:2026-W42:wr-dyzb', localIso('2026-10-15T19:00')],
      ['reminder:2026-W43:wr-dezb', localIso('2026-10-22T19:00')],
      ['reminder:2026-W43:wr-dyzb', localIso('2026-10-22T19:00')],
    ])

    const boards = await outboxRows(deps.db, 'leaderboard:')
    const groupBoards = boards.filter((r) => r.dest_kind === 'group')
    expect(groupBoards).toHaveLength(8) // 4 Sundays × 2 groups
    expect(new Set(groupBoards.map((r) => r.created_at))).toEqual(new Set(['10-04', '10-11', '10-18', '10-25'].map((d) => localIso(`2026-${d}T20:00`))))
    expect(boards.filter((r) => r.dest_kind === 'user' && r.dest_id === 'wangshuji')).toHaveLength(4)

    const digests = await outboxRows(deps.db, 'admin-digest:')
    expect(digests.map((r) => r.dedupe_key)).toEqual(
      ['2026-W39', '2026-W40', '2026-W41', '2026-W42'].flatMap((w) => ['chart', 'text', 'xlsx'].map((k) => `admin-digest:${w}:wangshuji:${k}`)),
    )
    expect(digests.filter((r) => r.dedupe_key.endsWith(':text')).map((r) => r.created_at)).toEqual(
      ['09-28', '10-05', '10-12', '10-19'].map((d) => localIso(`2026-${d}T08:00`)),
    )

    const runs = await deps.db.selectFrom('job_runs').select(['job', 'status']).execute()
    const count = (job: string) => runs.filter((r) => r.job === job && r.status === 'done').length
    expect([count('weekly-assignment'), count('reminders'), count('leaderboard'), count('admin-digest'), count('housekeeping')]).toEqual([4, 4, 4, 4, 28])
    expect(runs.every((r) => r.status === 'done')).toBe(true)
    if (deps.dbh.dialect === 'sqlite') expect(readdirSync(deps.config.jobs.backupDir).filter((f) => f.endsWith('.db'))).toHaveLength(7)
  })
})
