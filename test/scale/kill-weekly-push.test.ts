// A real bot process killed (SIGKILL) in the middle of the weekly assignment push, then restarted
// on the same database: every group gets its assignment, and a group gets it twice only when the
// dead process had its send done by WeCom but died before recording it — measured exactly.
//
// How the push is made due without waiting for Monday 09:00: JOB_WEEKLY_ASSIGNMENT is a daily cron
// for a local minute just past, `scheduler.since` (the scheduler's "first seen" marker) is set a
// minute before it, and the organisation calendar makes that day a working day. The other jobs get
// a cron that is never due (Feb 31). WeCom is slow (each request waits 250 ms before it acts), so
// the kill lands while sends are in flight.
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { weekKey } from '../../src/time.js'
import { BotProcess } from '../support/bot-process.js'
import { pause, until } from '../support/poll.js'
import { useProcessWorld } from './process-world.js'

const TZ = 'Asia/Shanghai'
const GROUPS = 30
const NEVER = '0 0 31 2 *'
const chatId = (i: number) => `wr-kill-${String(i).padStart(2, '0')}`
const keyOf = (i: number) => `kill-key-${String(i).padStart(2, '0')}`

const w = useProcessWorld()

describe('SIGKILL in the middle of the weekly push', () => {
  it('after a restart every group has its assignment; duplicates only for sends WeCom did that the dead process never recorded', async () => {
    const db = w.shared.open().db
    const due = DateTime.now().setZone(TZ).startOf('minute').minus({ minutes: 1 })
    const week = weekKey(due.toJSDate(), TZ)
    const at = new Date().toISOString()
    await db.insertInto('settings').values({ key: 'scheduler.since', value: due.minus({ minutes: 1 }).toUTC().toISO()!, updated_at: at }).execute()
    await db.insertInto('calendar_days').values({ chat_id: '*', day: due.toISODate()!, kind: 'work', note: 'test', updated_by: 'test', updated_at: at }).execute()
    await db
      .insertInto('assignments')
      .values({ week, chat_id: '*', title: '《论语》学而篇', material: '第一章全文', link: null, note_min: 50, quiz_tags: '', due_at: due.plus({ days: 6 }).toUTC().toISO()!, created_by: 'wangshuji', created_at: at })
      .execute()
    for (let i = 0; i < GROUPS; i++) {
      await db.insertInto('chats').values({ chat_id: chatId(i), type: 'group', name: `第${i}支部`, first_seen_at: at, last_seen_at: at, webhook_key: keyOf(i), longconn_ok: 0, last_push_at: null }).execute()
    }
    w.fake.delayMs = 250
    const env = {
      ADMIN_USERIDS: 'wangshuji',
      JOB_WEEKLY_ASSIGNMENT: `${due.minute} ${due.hour} * * *`,
      JOB_REMINDERS: NEVER,
      JOB_LEADERBOARD: NEVER,
      JOB_ADMIN_DIGEST: NEVER,
      JOB_HOUSEKEEPING: NEVER,
    }
    w.bot = await BotProcess.start({ databaseUrl: w.shared.url, apiBase: w.fake.url, env })

    // Kill once a few groups have their push: the rest are claimed, in flight or waiting.
    const done = () => w.fake.delivered('webhook/send').filter((c) => String(c.query.key).startsWith('kill-key-'))
    // (120 ms after the sixth: not in step with WeCom's answers, like a real crash.)
    await until('the first sends', () => done().length >= 6, 30_000, 10)
    await pause(120)
    await w.bot!.kill()
    // Requests already at the fake finish their 250 ms: WeCom acts on them or sees them abandoned.
    await pause(500)

    const rows = () => db.selectFrom('outbox').select(['dest_id', 'status', 'attempts', 'claimed_until']).where('dedupe_key', 'like', `weekly-assignment:${week}:%`).orderBy('dest_id').execute()
    const atKill = await rows()
    expect(atKill).toHaveLength(GROUPS) // the job's transaction committed every row before the first send
    const unrecorded = new Set(atKill.filter((r) => r.status === 'sending').map((r) => r.dest_id))
    const sentBefore = atKill.filter((r) => r.status === 'sent').length
    expect(sentBefore).toBeGreaterThan(0)
    expect(sentBefore).toBeLessThan(GROUPS) // the kill really was in the middle
    expect(atKill.every((r) => r.status === 'sent' || r.status === 'sending')).toBe(true)
    const reachedBefore = new Set(done().map((c) => chatId(Number(String(c.query.key).slice('kill-key-'.length)))))
    // Sent in the database ⇒ WeCom did it; the only rows that can be sent twice are the ones WeCom
    // did while the database still says "sending".
    for (const r of atKill.filter((x) => x.status === 'sent')) expect(reachedBefore.has(r.dest_id)).toBe(true)
    const twice = new Set([...unrecorded].filter((c) => reachedBefore.has(c)))

    // The dead process's claims hold for 2 minutes (claimMs); rather than wait in real time, the
    // test lets them expire now — exactly what the clock would do after two minutes.
    await db.updateTable('outbox').set({ claimed_until: new Date(Date.now() - 1000).toISOString() }).where('status', '=', 'sending').execute()
    await w.bot!.restart()
    await until('every row sent', async () => (await rows()).every((r) => r.status === 'sent'), 30_000, 50)

    const perGroup = new Map<string, number>()
    for (const c of done()) {
      const g = chatId(Number(String(c.query.key).slice('kill-key-'.length)))
      perGroup.set(g, (perGroup.get(g) ?? 0) + 1)
      expect(c.body.msgtype).toBe('template_card')
      expect(c.body.template_card.main_title.title).toBe('本周学习：《论语》学而篇')
    }
    for (let i = 0; i < GROUPS; i++) expect([chatId(i), perGroup.get(chatId(i))]).toEqual([chatId(i), twice.has(chatId(i)) ? 2 : 1])
    // The restarted process re-sent exactly the unrecorded rows, each with a second attempt.
    const after = await rows()
    for (const r of after) expect([r.dest_id, Number(r.attempts)]).toEqual([r.dest_id, unrecorded.has(r.dest_id) ? 2 : 1])
    // And it did not run the job again: one run for the week, one row per group.
    const runs = await db.selectFrom('job_runs').select(['job', 'period', 'status']).where('job', '=', 'weekly-assignment').execute()
    expect(runs).toEqual([{ job: 'weekly-assignment', period: week, status: 'done' }])
    expect(after).toHaveLength(GROUPS)
    const abandoned = w.fake.calls.filter((c) => c.outcome === 'abandoned').length
    expect(abandoned + twice.size).toBeGreaterThan(0) // the kill cut sends in flight
    console.info(`kill-weekly-push: ${sentBefore} sent before the kill, ${abandoned} cut off in flight, ${unrecorded.size} sent after the restart, ${twice.size} of them twice`)
  }, 60_000)
})
