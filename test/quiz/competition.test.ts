import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { UserError } from '../../src/errors.js'
import { questionById, type Question } from '../../src/quiz/bank.js'
import { startCompetition } from '../../src/quiz/competition.js'
import { tickCompetitions } from '../../src/quiz/tick.js'
import { competitionTask } from '../../src/quiz/ticker.js'
import { createTicker } from '../../src/ticker.js'
import { Chat, GROUP } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { outbox, rightAnswer, seedBank, wrongAnswer } from './helpers.js'

const SAT_2000 = '2026-11-28T12:00:00Z' // Sat 20:00 Asia/Shanghai
const PEOPLE = { wangshuji: '王书记', zhangsan: '张三', lisi: '李四', wangwu: '王五', zhaoliu: '赵六', sunqi: '孙七' }

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps()
  deps.clock.set(SAT_2000)
  chat = new Chat(deps)
  await seedBank(deps)
  for (const [userid, name] of Object.entries(PEOPLE)) await deps.db.insertInto('users').values({ userid, name, first_seen_at: SAT_2000 }).execute()
})
afterEach(() => deps.dbh.drop())

const tick = () => tickCompetitions(deps, deps.clock.now())
const comp = () => deps.db.selectFrom('competitions').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
async function current(): Promise<Question> {
  const c = await comp()
  return (await questionById(deps.db, (JSON.parse(c.question_ids) as number[])[c.current]!))!
}
async function cardOf(n: number) {
  const c = await comp()
  const row = (await outbox(deps, `comp:${c.id}:q:${n}:card`))[0]!
  return { key: row.card!.submit_button!.key, taskId: row.card!.task_id! }
}
const letters = (typed: string) => (typed === '对' ? 'A' : typed === '错' ? 'B' : typed)
const clickAnswer = async (userid: string, n: number, typed: string) => {
  const card = await cardOf(n)
  return chat.click(userid, { ...card, cardType: 'vote_interaction', selected: [{ questionKey: 'answer', optionIds: [...letters(typed)] }] })
}
/** Starts a competition and lets the countdown run out (question 1 is posted). */
async function startAndRun(args = '3 20') {
  await chat.say('wangshuji', `/竞赛 开始 ${args}`)
  deps.clock.advanceSeconds(10)
  expect(await tick()).toBe(1)
}

describe('/竞赛 开始', () => {
  it('only an admin starts one, in a group; arguments are checked', async () => {
    expect((await chat.say('zhangsan', '/竞赛 开始')).text).toContain('只有管理员可以使用')
    expect((await chat.private_('wangshuji', '/竞赛 开始')).text).toContain('请在群聊中')
    expect((await chat.say('wangshuji', '/竞赛 开始 5 2')).text).toContain('每题秒数应在 5 到 300 之间')
    expect((await chat.say('wangshuji', '/竞赛 开始 10')).text).toContain('需要 10 题，只有 5 题')
    expect(await deps.db.selectFrom('competitions').selectAll().execute()).toEqual([])
  })

  it('announces a countdown, refuses a second one, and posts question 1 when the countdown ends', async () => {
    const r = await chat.say('wangshuji', '/竞赛 开始 3 20 加分0')
    expect(r.text).toContain('知识竞赛 10 秒后开始')
    expect(r.text).toContain('共 3 题，每题 20 秒')
    expect(r.text).not.toContain('另加')
    expect((await chat.say('wangshuji', '/竞赛 开始')).text).toContain('已有一场知识竞赛正在进行')
    expect((await chat.say('zhangsan', 'A')).text).toBe('竞赛还没开始，请等第一题。')
    expect((await chat.say('zhangsan', '/竞赛')).text).toContain('10 秒后第一题')
    deps.clock.advanceSeconds(9)
    expect(await tick()).toBe(0)
    deps.clock.advanceSeconds(1)
    expect(await tick()).toBe(1)
    expect(await tick()).toBe(0)
    const c = await comp()
    const sent = await outbox(deps, `comp:${c.id}:`)
    expect(sent.map((s) => s.key)).toEqual(expect.arrayContaining([`comp:${c.id}:q:0:post`]))
    expect(sent[0]!.to).toBe(GROUP)
    expect(sent[0]!.text).toContain('知识竞赛 · 第 1/3 题')
    expect(c).toMatchObject({ status: 'question', current: 0, first_bonus: 0, deadline_at: new Date(Date.parse(SAT_2000) + 30_000).toISOString() })
  })
})

describe('one live competition per group', () => {
  const start = (db: TestDeps['db']) =>
    startCompetition({ db, outbox: deps.outbox, now: deps.clock.now(), tz: deps.config.timezone, botName: deps.config.botName }, { chatId: GROUP, by: 'wangshuji', count: 3, seconds: 20, bonus: 0 })
  const live = () => deps.db.selectFrom('competitions').select(['id', 'chat_id', 'status']).where('status', 'in', ['countdown', 'question']).execute()

  it('two starts at the same moment from two transactions make exactly one; the other gets the usual reply', async () => {
    // On PostgreSQL both transactions pass the "already running?" check before either inserts; the
    // unique index decides. (SQLite runs one write transaction at a time: the check decides there.)
    const both = deps.dbh.dialect === 'postgres' ? barrier(2) : async () => {}
    const results = await Promise.allSettled([0, 1].map(() => deps.db.transaction().execute(async (trx) => {
      await trx.selectFrom('competitions').select('id').execute()
      await both()
      return start(trx)
    })))
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([expect.stringContaining('知识竞赛 10 秒后开始')])
    const refused = results.find((r) => r.status === 'rejected')
    expect(refused && refused.reason).toBeInstanceOf(UserError)
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'comp.alreadyRunning' })
    expect(await live()).toHaveLength(1)
  })

  it('the database refuses a second live row in a group, but not one in another group or after the first ended', async () => {
    await start(deps.db)
    const [first] = await live()
    const row = { chat_id: GROUP, status: 'question' as const, question_ids: '[]', seconds: 20, tag: null, first_bonus: 0, current: 0, question_started_at: null, deadline_at: SAT_2000, started_by: 'wangshuji', created_at: SAT_2000, finished_at: null, touched_at: null, last_results: null }
    await expect(deps.db.insertInto('competitions').values(row).execute()).rejects.toThrow()
    await deps.db.insertInto('competitions').values({ ...row, chat_id: 'wr-other-group' }).execute()
    await deps.db.updateTable('competitions').set({ status: 'finished' }).where('id', '=', first!.id).execute()
    await deps.db.insertInto('competitions').values(row).execute()
    expect((await live()).map((c) => c.chat_id).sort()).toEqual([GROUP, 'wr-other-group'].sort())
  })
})

/** Resolves once `n` callers are waiting. */
function barrier(n: number): () => Promise<void> {
  let waiting = 0
  let release!: () => void
  const all = new Promise<void>((resolve) => (release = resolve))
  return () => {
    if (++waiting === n) release()
    return all
  }
}

describe('a whole competition', () => {
  it('scores by speed with a first-answer bonus, shows standings with changes, a podium and private results', async () => {
    await startAndRun('3 20')
    const c = await comp()
    // Question 1: 张三 right within a second, 李四 right at 10.5 s, 王五 wrong.
    let q = await current()
    deps.clock.advance(500)
    expect((await chat.say('zhangsan', rightAnswer(q))).text).toBe('已收到 张三 的第 1 题答案。')
    expect((await chat.say('zhangsan', wrongAnswer(q))).text).toBe('张三，第 1 题你已经作答过了，以第一次为准。')
    deps.clock.advance(1500)
    await chat.say('wangwu', wrongAnswer(q))
    deps.clock.advance(8500)
    await chat.say('lisi', rightAnswer(q))
    deps.clock.advance(9500) // exactly the deadline: still accepted
    expect((await chat.say('sunqi', wrongAnswer(q))).text).toContain('已收到 孙七')
    deps.clock.advance(1)
    // One millisecond late: refused; the question closes on this very message.
    expect((await chat.say('zhaoliu', rightAnswer(q))).text).toBe('赵六，第 1 题已经截止，这次作答不计分。')
    const r1 = (await outbox(deps, `comp:${c.id}:q:0:result`))[0]!.text
    expect(r1).toContain(`正确答案：**`)
    expect(r1).toContain('作答 4 人，答对 2 人。')
    expect(r1).toContain('最先答对：张三')
    expect(r1).toContain('1. 张三 120 分 新上榜') // 100 + 20 bonus
    expect(r1).toContain('2. 李四 75 分 新上榜') // 10.5 s of 20 s: 100 × (1 − 0.5 × 9.5/19)
    expect(r1).not.toContain('王五')
    const rows = await deps.db.selectFrom('competition_answers').select(['userid', 'points', 'first']).where('position', '=', 0).orderBy('id').execute()
    expect(rows).toEqual([
      { userid: 'zhangsan', points: 120, first: 1 },
      { userid: 'wangwu', points: 0, first: 0 },
      { userid: 'lisi', points: 75, first: 0 },
      { userid: 'sunqi', points: 0, first: 0 },
    ])

    // Question 2 by card: 李四 first and right, 张三 wrong → 李四 moves up.
    q = await current()
    expect((await outbox(deps, `comp:${c.id}:q:1:post`))[0]!.text).toContain('第 2/3 题')
    deps.clock.advance(800)
    const click = await clickAnswer('lisi', 1, rightAnswer(q))
    expect(click.update?.userids).toEqual(['lisi'])
    expect(click.update?.card.checkbox?.disable).toBe(true)
    await clickAnswer('zhangsan', 1, wrongAnswer(q))
    deps.clock.advanceSeconds(20)
    expect(await tick()).toBe(1)
    const r2 = (await outbox(deps, `comp:${c.id}:q:1:result`))[0]!.text
    expect(r2).toContain('1. 李四 195 分 ↑1')
    expect(r2).toContain('2. 张三 120 分 ↓1')
    // A click on the closed question's card is refused.
    expect((await clickAnswer('wangwu', 1, rightAnswer(q))).text).toBe('王五，第 2 题已经截止，这次作答不计分。')

    // Question 3: nobody answers; the deadline ends the competition.
    deps.clock.advanceSeconds(21)
    expect(await tick()).toBe(1)
    expect((await comp()).status).toBe('finished')
    const podium = (await outbox(deps, `comp:${c.id}:podium`))[0]!
    expect(podium.to).toBe(GROUP)
    expect(podium.text).toContain('🥇 李四 — 195 分（答对 2 题）')
    expect(podium.text).toContain('🥈 张三 — 120 分（答对 1 题）')
    expect(podium.text).toContain('共 4 人参加，3 题')
    const mine = await outbox(deps, `comp:${c.id}:me:`)
    expect(mine.map((m) => m.to).sort()).toEqual(['lisi', 'sunqi', 'wangwu', 'zhangsan'])
    expect(mine.find((m) => m.to === 'lisi')!.text).toContain('第 **1/4** 名，得分 **195**，答对 2/3 题，获得 2 积分')
    const ledger = await deps.db.selectFrom('point_events').select(['userid', 'points']).where('rule', '=', 'contest.result').orderBy('userid').execute()
    expect(ledger).toEqual([{ userid: 'lisi', points: 2 }, { userid: 'zhangsan', points: 1 }])
    expect(await tick()).toBe(0)
    // /竞赛 结果 posts the last results again; answers now are not taken.
    const again = await chat.say('zhaoliu', '/竞赛 结果')
    expect(again.text).toContain('第 3/3 题结束')
    expect(again.text).toContain('🥇 李四')
    // An answer just after the close is late (it may have crossed the close); later it is no answer at all.
    expect((await chat.say('zhaoliu', 'A')).text).toBe('赵六，第 3 题已经截止，这次作答不计分。')
    deps.clock.advanceSeconds(11)
    expect((await chat.say('zhaoliu', 'A')).text).toContain('没有“A”这个命令')
  })

  it('simultaneous answers: everyone counts once, a double submit counts once', async () => {
    await startAndRun('2 20')
    const q = await current()
    deps.clock.advance(3000)
    const users = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi']
    const replies = await Promise.all([...users.map((u) => chat.say(u, rightAnswer(q))), chat.say('zhangsan', wrongAnswer(q)), clickAnswer('lisi', 0, wrongAnswer(q))])
    expect(replies.filter((r) => r.text.includes('已收到')).length + replies.filter((r) => r.update).length).toBe(5)
    const rows = await deps.db.selectFrom('competition_answers').select(['userid', 'correct']).execute()
    expect(rows.map((r) => r.userid).sort()).toEqual([...users].sort())
    const c = await comp()
    expect(Number((await deps.db.selectFrom('quiz_questions').select('answered').where('id', '=', q.id).executeTakeFirstOrThrow()).answered)).toBe(5)
    deps.clock.advanceSeconds(18)
    await tick()
    expect((await outbox(deps, `comp:${c.id}:q:0:result`))[0]!.text).toContain('作答 5 人')
  })

  it('a restart mid-question continues at that question with what was already answered', async () => {
    await startAndRun('4 20')
    for (let n = 0; n < 2; n++) {
      deps.clock.advanceSeconds(21)
      await tick()
    }
    expect((await comp()).current).toBe(2)
    const q3 = await current()
    deps.clock.advanceSeconds(2)
    await chat.say('zhangsan', rightAnswer(q3))
    // The process restarts: a new dispatcher (and registry) on the same database.
    const after = new Chat(deps)
    deps.clock.advanceSeconds(3)
    expect((await after.say('zhangsan', '/竞赛')).text).toContain('第 3/4 题')
    expect((await after.say('lisi', rightAnswer(q3))).text).toBe('已收到 李四 的第 3 题答案。')
    expect((await after.say('zhangsan', rightAnswer(q3))).text).toContain('已经作答过了')
    deps.clock.advanceSeconds(16)
    expect(await tickCompetitions(after.deps, deps.clock.now())).toBe(1)
    const c = await comp()
    const r3 = (await outbox(deps, `comp:${c.id}:q:2:result`))[0]!.text
    expect(r3).toContain('作答 2 人，答对 2 人')
    expect(r3).toContain('最先答对：张三')
    expect(c.current).toBe(3)
    expect((await outbox(deps, `comp:${c.id}:q:3:post`))[0]!.text).toContain('第 4/4 题')
  })

  it('/竞赛 结束 stops early with the current results and a podium', async () => {
    await startAndRun('3 20')
    const q = await current()
    deps.clock.advance(500)
    await chat.say('wangwu', rightAnswer(q))
    expect((await chat.say('zhangsan', '/竞赛 结束')).text).toContain('只有管理员可以使用')
    expect((await chat.say('wangshuji', '/竞赛 结束')).text).toBe('已提前结束本场知识竞赛。')
    const c = await comp()
    expect(c.status).toBe('stopped')
    expect((await outbox(deps, `comp:${c.id}:podium`))[0]!.text).toContain('（已提前结束）')
    expect((await outbox(deps, `comp:${c.id}:podium`))[0]!.text).toContain('🥇 王五 — 120 分')
    expect(await outbox(deps, `comp:${c.id}:q:1:post`)).toEqual([])
    deps.clock.advanceSeconds(60)
    expect(await tick()).toBe(0)
    expect((await chat.say('wangshuji', '/竞赛 结束')).text).toBe('本群现在没有进行中的知识竞赛。')
  })

  it('the ticker advances competitions on its own (timer faked, no real sleep)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      await chat.say('wangshuji', '/竞赛 开始 2 20')
      deps.clock.advanceSeconds(10)
      const ticker = createTicker(deps, [competitionTask], 1000)
      ticker.start()
      await vi.advanceTimersByTimeAsync(1000)
      await ticker.stop()
      expect((await comp()).current).toBe(0)
      expect(await outbox(deps, `comp:${(await comp()).id}:q:0:post`)).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })
})
