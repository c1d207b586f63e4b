// Shared set-up for the scheduled-job tests: two named groups with rosters, a study plan, and a
// walk of the fake clock that ticks the scheduler at a fixed step.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jobs } from '../../jobs/index.js'
import type { DbOrTrx } from '../../src/deps.js'
import { ALL_GROUPS, upsertAssignment } from '../../src/plans/assignments.js'
import { defaultDue } from '../../src/plans/weeks.js'
import { nextDue, parseCron } from '../../src/scheduler/cron.js'
import { createScheduler, type Scheduler } from '../../src/scheduler/scheduler.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { testConfig } from '../support/test-config.js'
import { FakeClock } from '../support/fake-clock.js'

export const TZ = 'Asia/Shanghai'
export const G1 = 'wr-dyzb'
export const G2 = 'wr-dezb'
export const G1_MEMBERS = ['wangshuji', 'zhangsan', 'lisi', 'wangwu', 'zhouba']
export const G2_MEMBERS = ['lishuji', 'wujiu', 'zhengshi']

export async function jobDeps(start: string, overrides: Record<string, string> = {}): Promise<TestDeps> {
  const backups = mkdtempSync(join(tmpdir(), 'study-bot-backups-'))
  return createTestDeps({ clock: new FakeClock(start), config: testConfig({ BACKUP_DIR: backups, ...overrides }) })
}

export async function seedGroups(db: DbOrTrx, at = '2026-09-01T00:00:00.000Z'): Promise<void> {
  const groups = [
    { id: G1, name: '第一党支部', key: 'key-dyzb-0001', members: G1_MEMBERS },
    { id: G2, name: '第二党支部', key: 'key-dezb-0002', members: G2_MEMBERS },
  ]
  for (const g of groups) {
    await db.insertInto('chats').values({ chat_id: g.id, type: 'group', name: g.name, first_seen_at: at, last_seen_at: at, webhook_key: g.key, longconn_ok: 0, last_push_at: null }).execute()
    for (const userid of g.members) {
      await db.insertInto('users').values({ userid, name: null, first_seen_at: at }).onConflict((oc) => oc.column('userid').doNothing()).execute()
      await db.insertInto('memberships').values({ chat_id: g.id, userid, role: 'member', joined_at: at, left_at: null }).execute()
    }
  }
}

export async function seedPlan(db: DbOrTrx, weeks: string[]): Promise<void> {
  for (const week of weeks) {
    await upsertAssignment(
      db,
      { week, chatId: ALL_GROUPS, title: `第${week.slice(-2)}周学习`, material: '阅读材料', link: null, noteMin: 300, quizTags: [], dueAt: defaultDue(week, TZ) },
      { userid: 'wangshuji', at: new Date('2026-09-01T00:00:00Z') },
    )
  }
}

export function schedulerFor(deps: TestDeps): Scheduler {
  return createScheduler(deps, jobs)
}

/**
 * Moves the clock to `until`, ticking at every instant some job is due (what a per-minute tick
 * would see, without the idle minutes), or every `stepMinutes` when given.
 */
export async function walk(deps: TestDeps, scheduler: Scheduler, until: string, stepMinutes?: number): Promise<void> {
  const end = new Date(until).getTime()
  const crons = scheduler.jobs.map((j) => parseCron(j.schedule(deps.config)))
  for (;;) {
    const now = deps.clock.now()
    const next = stepMinutes
      ? new Date(now.getTime() + stepMinutes * 60_000)
      : new Date(Math.min(...crons.map((c) => nextDue(c, now, deps.config.timezone)?.getTime() ?? Infinity)))
    if (next.getTime() > end) break
    deps.clock.set(next)
    await scheduler.tick()
  }
  deps.clock.set(new Date(end))
  await scheduler.tick()
}

export async function outboxRows(db: DbOrTrx, prefix: string) {
  return db.selectFrom('outbox').selectAll().where('dedupe_key', 'like', `${prefix}%`).orderBy('dedupe_key').execute()
}

/** '2026-10-05T09:00' local → ISO instant. */
export const localIso = (s: string): string => new Date(`${s}:00+08:00`).toISOString()
