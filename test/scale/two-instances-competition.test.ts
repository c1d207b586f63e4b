// A live competition answered through two instances on one database scores correctly: members'
// answers split across both (some at the same moment), the same member answering on both at
// once (one answer counts: the first), both tickers closing a question at the same moment (closed
// once — never a question skipped), and an answer racing the close (refused as late).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importRows, questionById, type Question } from '../../src/quiz/bank.js'
import { ledgerPoints } from '../../src/quiz/scoring.js'
import { tickCompetitions } from '../../src/quiz/tick.js'
import { Chat, GROUP } from '../support/chat.js'
import { BANK, rightAnswer, wrongAnswer } from '../quiz/helpers.js'
import { checkCompetitionScores, type ExpectedAnswer } from './competition-check.js'
import { createSharedDb, type SharedDb } from './shared-db.js'
import { twoInstances, type TwoInstances } from './two-instances.js'

const SAT_2000 = '2026-11-28T12:00:00Z' // Sat 20:00 Asia/Shanghai
const PEOPLE = { wangshuji: '王书记', liuzhuren: '刘主任', zhangsan: '张三', lisi: '李四', wangwu: '王五', zhaoliu: '赵六', sunqi: '孙七' }

let shared: SharedDb
let two: TwoInstances
let onA: Chat
let onB: Chat
beforeAll(async () => {
  shared = await createSharedDb()
  two = await twoInstances(shared, SAT_2000, 'http://127.0.0.1:9', { ADMIN_USERIDS: 'wangshuji,liuzhuren' })
  onA = new Chat(two.a.deps)
  onB = new Chat(two.b.deps)
  const db = two.a.deps.db
  await importRows(db, BANK.map((data, i) => ({ row: i + 2, data })), { now: new Date(SAT_2000), source: 'test' })
  for (const [userid, name] of Object.entries(PEOPLE)) await db.insertInto('users').values({ userid, name, first_seen_at: SAT_2000 }).execute()
}, 60_000)
afterAll(async () => {
  await two?.stop()
  await shared?.drop()
})

/** Both instances' tickers fire at the same instant; returns the steps each took. */
const tickBoth = () => Promise.all([tickCompetitions(two.a.deps, two.clocks[0].now()), tickCompetitions(two.b.deps, two.clocks[1].now())])
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

describe('a live competition on two instances', () => {
  it('scores every answer once, the first counts, and each question is closed once', async () => {
    const db = two.b.deps.db
    // Two admins start one at the same moment on the two instances: one competition.
    const starts = await Promise.all([onA.say('wangshuji', '/竞赛 开始 3 20'), onB.say('liuzhuren', '/竞赛 开始 3 20')])
    expect(starts.map((s) => s.text.includes('知识竞赛 10 秒后开始')).sort()).toEqual([false, true])
    expect(starts.map((s) => s.text.includes('已有一场知识竞赛正在进行')).sort()).toEqual([false, true])
    const comps = await db.selectFrom('competitions').selectAll().execute()
    expect(comps).toHaveLength(1)
    // The draw is random: fix it so that question 1's answer (对/错) cannot be read as one to
    // question 2 — then the answer racing the close below is late whichever side wins the race.
    const bank = await db.selectFrom('quiz_questions').select(['id', 'type']).orderBy('id').execute()
    const idOf = (type: string) => bank.find((q) => q.type === type)!.id
    await db.updateTable('competitions').set({ question_ids: JSON.stringify([idOf('judge'), idOf('single'), idOf('multi')]) }).where('id', '=', comps[0]!.id).execute()
    const c = await db.selectFrom('competitions').selectAll().where('id', '=', comps[0]!.id).executeTakeFirstOrThrow()
    const qs: Question[] = []
    for (const id of JSON.parse(c.question_ids) as number[]) qs.push((await questionById(db, id))!)
    const current = async () => (await db.selectFrom('competitions').select(['status', 'current']).where('id', '=', c.id).executeTakeFirstOrThrow())

    two.advanceBoth(10_000)
    expect(sum(await tickBoth())).toBe(1) // question 1 started once
    expect(await current()).toEqual({ status: 'question', current: 0 })

    // Question 1: two members at the same moment on different instances, two more one by one,
    // and sunqi answering on both instances at once (right on A, wrong on B).
    two.advanceBoth(1_000)
    const [z, l] = await Promise.all([onA.say('zhangsan', rightAnswer(qs[0]!)), onB.say('lisi', rightAnswer(qs[0]!))])
    expect([z.text, l.text]).toEqual(['已收到 张三 的第 1 题答案。', '已收到 李四 的第 1 题答案。'])
    two.advanceBoth(2_000)
    expect((await onA.say('wangwu', wrongAnswer(qs[0]!))).text).toBe('已收到 王五 的第 1 题答案。')
    expect((await onB.say('zhaoliu', rightAnswer(qs[0]!))).text).toBe('已收到 赵六 的第 1 题答案。')
    two.advanceBoth(1_000)
    const both = await Promise.all([onA.say('sunqi', rightAnswer(qs[0]!)), onB.say('sunqi', wrongAnswer(qs[0]!))])
    const took = both.findIndex((s) => s.text === '已收到 孙七 的第 1 题答案。')
    expect(took).toBeGreaterThanOrEqual(0)
    expect(both[1 - took]!.text).toBe('孙七，第 1 题你已经作答过了，以第一次为准。')
    const sunqiRight = took === 0
    // Later tries on either instance are refused too.
    expect((await onB.say('zhangsan', wrongAnswer(qs[0]!))).text).toBe('张三，第 1 题你已经作答过了，以第一次为准。')

    // The deadline passes: A's ticker and an answer arriving on B race; the question closes once.
    two.advanceBoth(16_001)
    const [closedByA, late] = await Promise.all([tickCompetitions(two.a.deps, two.clocks[0].now()), onB.say('wangshuji', rightAnswer(qs[0]!))])
    expect(closedByA).toBeLessThanOrEqual(1)
    expect(late.text).toBe('王书记，第 1 题已经截止，这次作答不计分。')
    expect(sum(await tickBoth())).toBe(0)
    expect(await current()).toEqual({ status: 'question', current: 1 })

    // Question 2: everyone at the same instant, split across the instances.
    two.advanceBoth(2_000)
    const q2 = await Promise.all([
      onA.say('zhangsan', wrongAnswer(qs[1]!)),
      onB.say('lisi', rightAnswer(qs[1]!)),
      onA.say('wangwu', rightAnswer(qs[1]!)),
      onB.say('zhaoliu', rightAnswer(qs[1]!)),
      onA.say('wangshuji', rightAnswer(qs[1]!)),
    ])
    expect(q2.every((s) => s.text.endsWith('的第 2 题答案。'))).toBe(true)
    two.advanceBoth(18_001)
    expect(sum(await tickBoth())).toBe(1)
    expect(await current()).toEqual({ status: 'question', current: 2 })

    // Question 3: one answer on each instance, then both tickers finish the competition once.
    two.advanceBoth(5_000)
    expect((await onB.say('sunqi', rightAnswer(qs[2]!))).text).toBe('已收到 孙七 的第 3 题答案。')
    expect((await onA.say('lisi', rightAnswer(qs[2]!))).text).toBe('已收到 李四 的第 3 题答案。')
    two.advanceBoth(15_001)
    expect(sum(await tickBoth())).toBe(1)
    expect(sum(await tickBoth())).toBe(0)
    expect(await current()).toEqual({ status: 'finished', current: 2 })

    const expected: ExpectedAnswer[] = [
      { position: 0, userid: 'zhangsan', correct: true },
      { position: 0, userid: 'lisi', correct: true },
      { position: 0, userid: 'wangwu', correct: false },
      { position: 0, userid: 'zhaoliu', correct: true },
      { position: 0, userid: 'sunqi', correct: sunqiRight },
      { position: 1, userid: 'zhangsan', correct: false },
      { position: 1, userid: 'lisi', correct: true },
      { position: 1, userid: 'wangwu', correct: true },
      { position: 1, userid: 'zhaoliu', correct: true },
      { position: 1, userid: 'wangshuji', correct: true },
      { position: 2, userid: 'sunqi', correct: true },
      { position: 2, userid: 'lisi', correct: true },
    ]
    const totals = await checkCompetitionScores(db, c.id, expected)
    // The scores themselves (fake clocks: the answer times are exact). Question 1 started at
    // +10 s; zhangsan and lisi answered at 1 s (100 each, one of them first: +20), zhaoliu at 3 s,
    // sunqi at 4 s; question 2 answers at 2 s; question 3 at 5 s.
    const p = (s: number) => Math.round(100 * (1 - 0.5 * ((s * 1000 - 1000) / 19_000)))
    const firstOf1 = (await db.selectFrom('competition_answers').select('userid').where('position', '=', 0).where('first', '=', 1).executeTakeFirstOrThrow()).userid
    const firstOf2 = (await db.selectFrom('competition_answers').select('userid').where('position', '=', 1).where('first', '=', 1).executeTakeFirstOrThrow()).userid
    expect(['zhangsan', 'lisi']).toContain(firstOf1)
    expect(['lisi', 'wangwu', 'zhaoliu', 'wangshuji']).toContain(firstOf2)
    const bonus = (u: string) => (u === firstOf1 ? 20 : 0) + (u === firstOf2 ? 20 : 0) + (u === 'sunqi' ? 20 : 0) // sunqi answered 3 first
    expect(Object.fromEntries(totals)).toEqual({
      zhangsan: 100 + bonus('zhangsan'),
      lisi: 100 + p(2) + p(5) + bonus('lisi'),
      wangwu: p(2) + bonus('wangwu'),
      zhaoliu: p(3) + p(2) + bonus('zhaoliu'),
      sunqi: (sunqiRight ? p(4) : 0) + p(5) + bonus('sunqi'),
      wangshuji: p(2) + bonus('wangshuji'),
    })
    const ledger = await db.selectFrom('point_events').select(['userid', 'points', 'award_key']).where('rule', '=', 'contest.result').orderBy('userid').execute()
    expect(ledger.map((e) => [e.userid, Number(e.points)])).toEqual([...totals].filter(([, v]) => ledgerPoints(v) > 0).map(([u, v]) => [u, ledgerPoints(v)]).sort())
    // Each group message once; one podium; one private result per player.
    const keys = (await db.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', `comp:${c.id}:%`).execute()).map((r) => r.dedupe_key)
    expect(new Set(keys).size).toBe(keys.length)
    const posts = keys.filter((k) => /:q:\d+:(post|result)$/.test(k) || k.endsWith(':podium')).sort()
    expect(posts).toEqual([0, 1, 2].flatMap((n) => [`comp:${c.id}:q:${n}:post`, `comp:${c.id}:q:${n}:result`]).concat(`comp:${c.id}:podium`).sort())
    expect(keys.filter((k) => k.includes(':me:'))).toHaveLength(totals.size)
    expect((await db.selectFrom('outbox').select('dest_id').where('dedupe_key', '=', `comp:${c.id}:q:0:post`).executeTakeFirstOrThrow()).dest_id).toBe(GROUP)
  })
})
