import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { onQuestion, questionId, rightAnswer, seedBank, wrongAnswer } from './helpers.js'

const MON_0900 = '2026-11-23T01:00:00Z' // Mon 09:00 Asia/Shanghai
const MON_2359 = '2026-11-23T15:59:00Z' // Mon 23:59 Asia/Shanghai
const TUE_0001 = '2026-11-23T16:01:00Z' // Tue 00:01 Asia/Shanghai

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps()
  chat = new Chat(deps)
  deps.clock.set(MON_0900)
  await seedBank(deps)
})
afterEach(() => deps.dbh.drop())

const book = () => deps.db.selectFrom('quiz_wrong_book').select(['question_id', 'wrong_count', 'right_days']).where('userid', '=', 'zhangsan').orderBy('question_id').execute()

async function playAll(userid: string, answer: (q: Awaited<ReturnType<typeof onQuestion>>) => string, count: number) {
  let last = ''
  for (let i = 0; i < count; i++) last = (await chat.private_(userid, answer(await onQuestion(deps, userid)))).text
  return last
}

describe('/错题 — the wrong-answer book', () => {
  it('is empty at first', async () => {
    expect((await chat.private_('zhangsan', '/错题')).text).toBe('👍 错题本是空的，继续保持！')
  })

  it('replays only the wrong questions; one leaves after right answers on two different local days', async () => {
    const party = await questionId(deps, '中国共产党第一次')
    await chat.private_('zhangsan', '/答题 1 党史')
    await chat.private_('zhangsan', 'A') // wrong (B)
    await chat.private_('zhangsan', '/答题 1 文化')
    await chat.private_('zhangsan', 'A') // right
    expect(await book()).toEqual([{ question_id: party, wrong_count: 1, right_days: 0 }])

    const replay = await chat.private_('zhangsan', '/错题')
    expect(replay.text).toContain('错题重练：错题本共 1 题，本次练习 1 题')
    expect(replay.text).toContain('中国共产党第一次全国代表大会')
    expect((await chat.private_('zhangsan', 'B')).text).toContain('✅ 回答正确')
    expect(await book()).toEqual([{ question_id: party, wrong_count: 1, right_days: 1 }])

    // Again the same local day (23:59): does not count a second time.
    deps.clock.set(MON_2359)
    await chat.private_('zhangsan', '/错题')
    await chat.private_('zhangsan', 'B')
    expect(await book()).toEqual([{ question_id: party, wrong_count: 1, right_days: 1 }])

    // Two minutes later it is Tuesday: the second day takes it out.
    deps.clock.set(TUE_0001)
    await chat.private_('zhangsan', '/错题')
    await chat.private_('zhangsan', 'B')
    expect(await book()).toEqual([])
    expect((await chat.private_('zhangsan', '/错题')).text).toContain('错题本是空的')
  })

  it('a new miss starts the count again', async () => {
    const party = await questionId(deps, '中国共产党第一次')
    await chat.private_('zhangsan', '/答题 1 党史')
    await chat.private_('zhangsan', 'C')
    await chat.private_('zhangsan', '/错题')
    await chat.private_('zhangsan', 'B')
    deps.clock.set(TUE_0001)
    await chat.private_('zhangsan', '/错题')
    await chat.private_('zhangsan', 'A')
    expect(await book()).toEqual([{ question_id: party, wrong_count: 2, right_days: 0 }])
  })
})

describe('daily cap on quiz points', () => {
  beforeEach(() => chat.say('zhangsan', '/帮助')) // member of the group

  const points = async () => Number((await deps.db.selectFrom('point_events').select((eb) => eb.fn.sum<number>('points').as('p')).where('userid', '=', 'zhangsan').executeTakeFirst())?.p ?? 0)

  it('caps the points per local day (default 5) and starts again the next day', async () => {
    await chat.private_('zhangsan', '/答题 6')
    const end = await playAll('zhangsan', rightAnswer, 6)
    expect(end).toContain('得分 **6/6**')
    expect(end).toContain('获得 5 积分（今日答题积分已达上限 5 分）') // 6 + 2 perfect bonus, capped
    expect(await points()).toBe(5)

    await chat.private_('zhangsan', '/答题 2')
    expect(await playAll('zhangsan', rightAnswer, 2)).toContain('今日答题积分已达上限 5 分，本次不再计分。')
    expect(await points()).toBe(5)

    deps.clock.set(TUE_0001)
    await chat.private_('zhangsan', '/答题 2')
    expect(await playAll('zhangsan', rightAnswer, 2)).toContain('获得 2 积分。')
    expect(await points()).toBe(7)
  })

  it('an admin changes the cap; members cannot', async () => {
    expect((await chat.say('zhangsan', '/答题 上限 10')).text).toContain('只有管理员可以使用')
    expect((await chat.say('wangshuji', '/答题 上限 1')).text).toBe('已将每人每天答题积分上限设为 1 分。')
    expect((await chat.say('wangshuji', '/答题 上限')).text).toContain('上限：1 分')
    await chat.private_('zhangsan', '/答题 3')
    expect(await playAll('zhangsan', rightAnswer, 3)).toContain('获得 1 积分（今日答题积分已达上限 1 分）')
    expect(await points()).toBe(1)
  })

  it('wrong answers earn nothing', async () => {
    await chat.private_('zhangsan', '/答题 3')
    const end = await playAll('zhangsan', wrongAnswer, 3)
    expect(end).toContain('得分 **0/3**')
    expect(await points()).toBe(0)
  })
})
