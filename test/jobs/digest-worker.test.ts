// The admin digest over a SQLite file is built in a worker thread with its own connection
// (src/digest/off-thread.ts): the same files as in-process, a failure there recorded as the run's
// failure, and a retried run that does not report its own earlier failure. With DATABASE_URL
// (PostgreSQL) every build is in-process and the same expectations hold.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { digestFiles } from '../../src/digest/files.js'
import { buildDigestFiles } from '../../src/digest/off-thread.js'
import { createTestDb, PG_URL } from '../support/test-db.js'
import type { TestDeps } from '../support/test-deps.js'
import { G1, G1_MEMBERS, jobDeps, localIso, outboxRows, schedulerFor, seedGroups, seedPlan } from './helpers.js'

const W47 = '2026-W47'
const MON_0800 = localIso('2026-11-23T08:00') // Mon 2026-11-23 08:00 Asia/Shanghai: W47's digest is due

let deps: TestDeps
beforeEach(async () => {
  const base = await jobDeps(localIso('2026-11-23T07:59'))
  await base.dbh.drop()
  const dbh = await createTestDb({ file: join(mkdtempSync(join(tmpdir(), 'study-bot-digest-')), 'bot.db') })
  deps = { ...base, db: dbh.db, dbh }
  await seedGroups(deps.db)
  await seedPlan(deps.db, [W47, '2026-W48'])
  // Two of the first group's five members signed in during W47.
  for (const userid of G1_MEMBERS.slice(0, 2)) {
    await deps.db.insertInto('att_checkins').values({ chat_id: G1, userid, day: '2026-11-18', at: '2026-11-18T01:00:00.000Z', note: null, source: 'self' }).execute()
  }
})
afterEach(() => deps.dbh.drop())

async function cells(xlsx: Buffer): Promise<{ name: string; rows: unknown[] }[]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer)
  return wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.getSheetValues() }))
}

const statusOf = async (period: string) =>
  deps.db.selectFrom('job_runs').select(['status', 'error']).where('job', '=', 'admin-digest').where('period', '=', period).executeTakeFirst()

// A worker loads the digest's modules (echarts, exceljs) anew, through tsx under vitest: seconds each.
describe('admin digest built off the event loop', { timeout: 60_000 }, () => {
  it('gives the same markdown, chart and workbook as an in-process build', async () => {
    const now = new Date(MON_0800)
    const local = await digestFiles(deps.db, deps.config, W47, now)
    const built = await buildDigestFiles(deps.dbh, deps.db, deps.config, W47, now)
    expect(built.markdown).toBe(local.markdown)
    expect(built.markdown).toContain('**第一党支部**（应完成 5 人）签到 40%')
    expect(built.png.equals(local.png)).toBe(true)
    expect(await cells(built.xlsx)).toEqual(await cells(local.xlsx))
    expect((await cells(built.xlsx)).map((s) => s.name)).toEqual(['各群完成情况', '未完成名单', '近4周参与率'])
  })

  it('reads the committed rows of a SQLite file through its own connection', async () => {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('chats').set({ name: '改名未提交' }).where('chat_id', '=', G1).execute()
      const files = await buildDigestFiles(deps.dbh, trx, deps.config, W47, new Date(MON_0800))
      // In-process (PostgreSQL) the build reads through the job's transaction.
      expect(files.markdown).toContain(PG_URL ? '**改名未提交**' : '**第一党支部**')
    })
  })

  it('records a failure in the build as the run’s failure, and the retry does not report it', async () => {
    const scheduler = schedulerFor(deps)
    await scheduler.tick()
    await sql`alter table assignments rename to assignments_away`.execute(deps.db)
    deps.clock.set(MON_0800)
    const failed = await scheduler.tick()
    expect(failed.failed).toEqual([{ job: 'admin-digest', period: '2026-W48', error: expect.stringMatching(/assignments/) }])
    expect(await statusOf('2026-W48')).toMatchObject({ status: 'failed', error: expect.stringMatching(/assignments/) })
    expect(await outboxRows(deps.db, 'admin-digest:')).toHaveLength(0)

    await sql`alter table assignments_away rename to assignments`.execute(deps.db)
    deps.clock.set(localIso('2026-11-23T08:06')) // a failed run is tried again after 5 minutes
    const retried = await scheduler.tick()
    expect(retried.ran).toContainEqual({ job: 'admin-digest', period: '2026-W48' })
    expect(await statusOf('2026-W48')).toMatchObject({ status: 'done' })
    const rows = await outboxRows(deps.db, 'admin-digest:')
    expect(rows.map((r) => r.dedupe_key)).toEqual(['chart', 'text', 'xlsx'].map((k) => `admin-digest:${W47}:wangshuji:${k}`))
    const text = JSON.parse(rows.find((r) => r.dedupe_key.endsWith(':text'))!.payload).content as string
    expect(text).toContain('**第一党支部**（应完成 5 人）签到 40%')
    expect(text).not.toContain('admin-digest 2026-W48')
  })
})
