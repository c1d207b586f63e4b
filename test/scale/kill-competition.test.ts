// A real bot process killed (SIGKILL) in the middle of a live competition, then restarted on the
// same database: the competition resumes at the question it was on, answers given before the kill
// count, scores follow the rules, and every question, result and podium reaches the group once.
//
// Deadlines: rather than wait 10 s of countdown and 20 s per question in real time, the test moves
// the stored deadline_at into the past ("time is up") and lets the process's own ticker (every
// second) close the question. Across the restart it moves question 2's deadline a minute ahead, so
// the question is still open however long the cold start of the new process takes.
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { importRows, questionById, type Question } from '../../src/quiz/bank.js'
import { ledgerPoints } from '../../src/quiz/scoring.js'
import { toWebhookBody } from '../../src/wecom/payloads.js'
import type { OutMessage } from '../../src/wecom/types.js'
import { BotProcess } from '../support/bot-process.js'
import { botText } from '../support/callback-client.js'
import { until } from '../support/poll.js'
import { BANK, rightAnswer, wrongAnswer } from '../quiz/helpers.js'
import { checkCompetitionScores, type ExpectedAnswer } from './competition-check.js'
import { useProcessWorld } from './process-world.js'

const GROUP = 'wr-kill-comp'
const KEY = 'kill-comp-key'
const NEVER = '0 0 31 2 *'
const PEOPLE = { wangshuji: '王书记', zhangsan: '张三', lisi: '李四', wangwu: '王五', zhaoliu: '赵六' }

const w = useProcessWorld()

describe('SIGKILL in the middle of a live competition', () => {
  it('resumes at the right question after a restart; answers before the kill count; each post is sent once', async () => {
    const db = w.shared.open().db
    const at = new Date().toISOString()
    await importRows(db, BANK.map((data, i) => ({ row: i + 2, data })), { now: new Date(), source: 'test' })
    await db.insertInto('chats').values({ chat_id: GROUP, type: 'group', name: '第一支部', first_seen_at: at, last_seen_at: at, webhook_key: KEY, longconn_ok: 0, last_push_at: null }).execute()
    for (const [userid, name] of Object.entries(PEOPLE)) await db.insertInto('users').values({ userid, name, first_seen_at: at }).execute()
    const env = { ADMIN_USERIDS: 'wangshuji', JOB_WEEKLY_ASSIGNMENT: NEVER, JOB_REMINDERS: NEVER, JOB_LEADERBOARD: NEVER, JOB_ADMIN_DIGEST: NEVER, JOB_HOUSEKEEPING: NEVER }
    const running = await BotProcess.start({ databaseUrl: w.shared.url, apiBase: w.fake.url, env })
    w.bot = running
    const say = async (userid: string, text: string): Promise<string> => {
      const r = await running.botClient().send(botText({ userid, chatid: GROUP, content: `@学习助手 ${text}` }))
      expect(r.status).toBe(200)
      return String(r.json().stream.content)
    }
    const comp = () => db.selectFrom('competitions').selectAll().where('chat_id', '=', GROUP).executeTakeFirstOrThrow()
    const timeUp = async () => void (await db.updateTable('competitions').set({ deadline_at: new Date(Date.now() - 1000).toISOString() }).where('chat_id', '=', GROUP).execute())
    const reached = (n: number) => until(`question ${n + 1}`, async () => (await comp()).current === n, 15_000)
    const sentAll = () =>
      until('the group messages sent', async () => {
        const open = await db.selectFrom('outbox').select('id').where('dest_id', '=', GROUP).where('status', 'in', ['pending', 'sending']).execute()
        return open.length === 0
      }, 20_000, 50)

    expect(await say('wangshuji', '/竞赛 开始 3 20')).toContain('知识竞赛 10 秒后开始')
    const c = await comp()
    expect(c).toMatchObject({ status: 'countdown', current: -1, seconds: 20 })
    const questions: Question[] = []
    for (const id of JSON.parse(c.question_ids) as number[]) questions.push((await questionById(db, id))!)

    // Question 1: answered before the kill.
    await timeUp()
    await reached(0)
    expect(await say('zhangsan', rightAnswer(questions[0]!))).toBe('已收到 张三 的第 1 题答案。')
    expect(await say('lisi', wrongAnswer(questions[0]!))).toBe('已收到 李四 的第 1 题答案。')
    expect(await say('wangwu', rightAnswer(questions[0]!))).toBe('已收到 王五 的第 1 题答案。')
    expect(await say('zhangsan', wrongAnswer(questions[0]!))).toBe('张三，第 1 题你已经作答过了，以第一次为准。')
    await timeUp()
    await reached(1)
    // Question 2 is posted (results of 1, question 2 and its card reached the group) — then the crash.
    await sentAll()
    const posted = (n: number) => w.fake.delivered('webhook/send').filter((x) => x.query.key === KEY && String(x.body?.markdown?.content ?? '').includes(`知识竞赛 · 第 ${n}/3 题`))
    expect(posted(2)).toHaveLength(1)
    const answersBefore = await db.selectFrom('competition_answers').selectAll().orderBy('id').execute()
    await running.kill()

    await db.updateTable('competitions').set({ deadline_at: new Date(Date.now() + 60_000).toISOString() }).where('chat_id', '=', GROUP).execute()
    await running.restart()
    expect(await comp()).toMatchObject({ status: 'question', current: 1 })
    expect(await say('wangwu', '/竞赛')).toMatch(/^知识竞赛进行中：第 2\/3 题，还剩 \d+ 秒。$/)
    expect(await say('zhangsan', wrongAnswer(questions[1]!))).toBe('已收到 张三 的第 2 题答案。')
    expect(await say('lisi', rightAnswer(questions[1]!))).toBe('已收到 李四 的第 2 题答案。')
    expect(await say('zhaoliu', rightAnswer(questions[1]!))).toBe('已收到 赵六 的第 2 题答案。')
    expect(await say('lisi', wrongAnswer(questions[1]!))).toBe('李四，第 2 题你已经作答过了，以第一次为准。')
    // Answers given before the kill are all there, unchanged.
    const kept = await db.selectFrom('competition_answers').selectAll().where('position', '=', 0).orderBy('id').execute()
    expect(kept).toEqual(answersBefore)
    await timeUp()
    await reached(2)
    expect(await say('wangwu', rightAnswer(questions[2]!))).toBe('已收到 王五 的第 3 题答案。')
    await timeUp()
    await until('the podium', async () => (await comp()).status === 'finished', 15_000)
    await sentAll()

    const expected: ExpectedAnswer[] = [
      { position: 0, userid: 'zhangsan', correct: true },
      { position: 0, userid: 'lisi', correct: false },
      { position: 0, userid: 'wangwu', correct: true },
      { position: 1, userid: 'zhangsan', correct: false },
      { position: 1, userid: 'lisi', correct: true },
      { position: 1, userid: 'zhaoliu', correct: true },
      { position: 2, userid: 'wangwu', correct: true },
    ]
    const totals = await checkCompetitionScores(db, c.id, expected)
    const ledger = await db.selectFrom('point_events').select(['userid', 'points']).where('rule', '=', 'contest.result').orderBy('userid').execute()
    const owed = [...totals].filter(([, p]) => ledgerPoints(p) > 0).map(([userid, p]) => ({ userid, points: ledgerPoints(p) }))
    expect(ledger.map((l) => ({ userid: l.userid, points: Number(l.points) }))).toEqual(owed.sort((a, b) => a.userid.localeCompare(b.userid)))

    // Every group message of the competition, each reaching the group exactly once.
    const rows = await db.selectFrom('outbox').select(['dedupe_key', 'payload', 'status']).where('dest_id', '=', GROUP).orderBy('id').execute()
    const id = c.id
    expect(rows.map((r) => r.dedupe_key).filter((k) => !k.endsWith(':card'))).toEqual([
      `comp:${id}:q:0:post`, `comp:${id}:q:0:result`, `comp:${id}:q:1:post`, `comp:${id}:q:1:result`, `comp:${id}:q:2:post`, `comp:${id}:q:2:result`, `comp:${id}:podium`,
    ])
    const sends = w.fake.delivered('webhook/send').filter((x) => x.query.key === KEY)
    let bodies = 0
    for (const r of rows) {
      expect(r.status).toBe('sent')
      // what the webhook receives for this row (an interactive card goes as its markdown fallback)
      const body = await toWebhookBody(JSON.parse(r.payload) as OutMessage, async () => 'unused')
      if (body) bodies++
      const same = sends.filter((x) => isDeepStrictEqual(x.body, body))
      expect([r.dedupe_key, same.length]).toEqual([r.dedupe_key, body ? 1 : 0])
    }
    expect(sends).toHaveLength(bodies)
    for (const n of [1, 2, 3]) expect(posted(n)).toHaveLength(1)
  }, 60_000)
})
