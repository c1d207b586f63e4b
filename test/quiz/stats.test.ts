import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { questionById } from '../../src/quiz/bank.js'
import { quizAccuracy, quizzedUserids } from '../../src/quiz/queries.js'
import { tickCompetitions } from '../../src/quiz/tick.js'
import { Chat, GROUP } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { questionId, rightAnswer, seedBank } from './helpers.js'

const MON_0900 = '2026-11-23T01:00:00Z' // Mon 09:00 Asia/Shanghai, week 2026-W48
const SUN_2359 = '2026-11-29T15:59:00Z' // Sun 23:59, still W48
const MON_NEXT = '2026-11-30T01:00:00Z' // W49

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps()
  deps.clock.set(MON_0900)
  chat = new Chat(deps)
  await seedBank(deps)
})
afterEach(() => deps.dbh.drop())

async function answer(userid: string, tag: string, typed: string, seconds: number) {
  await chat.private_(userid, `/答题 1 ${tag}`)
  deps.clock.advanceSeconds(seconds)
  await chat.private_(userid, typed)
}

describe('/题库 统计', () => {
  it('is for admins; with no answers it says so', async () => {
    expect((await chat.say('zhangsan', '/题库 统计')).text).toContain('只有管理员可以使用')
    expect((await chat.say('wangshuji', '/题库 统计')).text).toContain('还没有人答过题')
  })

  it('keeps the correct rate and average time per question and flags 0% and 100% items', async () => {
    const party = await questionId(deps, '中国共产党第一次')
    const analects = await questionId(deps, '《论语》')
    const inventions = await questionId(deps, '以下属于四大发明')
    await answer('zhangsan', '党史', 'B', 4)
    await answer('lisi', '党史', 'A', 8)
    await answer('zhangsan', '文化', 'A', 2)
    await answer('lisi', '文化', 'A', 4)
    await answer('zhangsan', '历史', 'AB', 10)
    const row = await deps.db.selectFrom('quiz_questions').select(['answered', 'correct', 'total_ms']).where('id', '=', party).executeTakeFirstOrThrow()
    expect({ answered: Number(row.answered), correct: Number(row.correct), total_ms: Number(row.total_ms) }).toEqual({ answered: 2, correct: 1, total_ms: 12_000 })
    const r = await chat.say('wangshuji', '/题库 统计')
    expect(r.text).toContain('题库 6 题，已有作答 3 题')
    const [hardest, easiest] = r.text.split('**最易的题**') as [string, string]
    expect(hardest.indexOf(`#${inventions}`)).toBeLessThan(hardest.indexOf(`#${party}`))
    expect(easiest.split('\n')[1]).toContain(`#${analects} 《论语》是哪家学派的经典？ — 正确率 100%（2/2），平均 3.0 秒`)
    expect(r.text).toContain(`#${party} 中国共产党第一次全国代表大会于哪一年召开？ — 正确率 50%（1/2），平均 6.0 秒`)
    expect(r.text).toContain(`正确率 0% 的题**（请检查答案是否有误）：#${inventions}`)
    expect(r.text).toContain(`正确率 100% 的题**（可能过于简单）：#${analects}`)
  })
})

describe('weekly queries', () => {
  it('who took part in a group this week and how accurate they were (private quizzes count for the member\'s group)', async () => {
    await chat.say('zhangsan', '/帮助')
    await chat.say('lisi', '/帮助')
    await chat.say('wangwu', '/帮助', { chat: 'wr-dezb' })
    await answer('zhangsan', '党史', 'B', 3) // private: counts for wr-dyzb
    await chat.say('lisi', '/答题 1 文化')
    await chat.say('lisi', 'B') // wrong, in the group
    await answer('wangwu', '党史', 'B', 3) // other group
    // A competition answer on Sunday 23:59 is still this week.
    deps.clock.set(SUN_2359)
    await chat.say('wangshuji', '/竞赛 开始 1 20')
    deps.clock.advanceSeconds(10)
    await tickCompetitions(deps, deps.clock.now())
    const c = await deps.db.selectFrom('competitions').selectAll().executeTakeFirstOrThrow()
    await chat.say('zhaoliu', rightAnswer((await questionById(deps.db, (JSON.parse(c.question_ids) as number[])[0]!))!))
    expect([...(await quizzedUserids(deps.db, GROUP, '2026-W48'))].sort()).toEqual(['lisi', 'zhangsan', 'zhaoliu'])
    expect(await quizAccuracy(deps.db, GROUP, '2026-W48')).toEqual({ answered: 3, correct: 2 })
    expect([...(await quizzedUserids(deps.db, 'wr-dezb', '2026-W48'))]).toEqual(['wangwu'])
    deps.clock.set(MON_NEXT)
    expect(await quizzedUserids(deps.db, GROUP, '2026-W49')).toEqual(new Set())
    expect(await quizAccuracy(deps.db, GROUP, '2026-W49')).toEqual({ answered: 0, correct: 0 })
  })
})
