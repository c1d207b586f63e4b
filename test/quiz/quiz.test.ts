import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isCorrect, readAnswer } from '../../src/quiz/text.js'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { onQuestion, rightAnswer, seedBank, wrongAnswer } from './helpers.js'

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps()
  chat = new Chat(deps)
})
afterEach(() => deps.dbh.drop())

const answers = (userid: string) => deps.db.selectFrom('quiz_answers').select(['answer', 'correct', 'ms']).where('userid', '=', userid).orderBy('id').execute()
const quizPoints = async (userid: string) =>
  Number((await deps.db.selectFrom('point_events').select((eb) => eb.fn.sum<number>('points').as('p')).where('userid', '=', userid).where('rule', 'like', 'quiz.%').executeTakeFirst())?.p ?? 0)

describe('answer formats (pure)', () => {
  it.each([
    ['single', 'A', 'A'], ['single', 'a', 'A'], ['single', 'Ａ', 'A'], ['single', ' b ', 'B'],
    ['multi', 'AC', 'AC'], ['multi', 'ca', 'AC'], ['multi', 'A,C', 'AC'], ['multi', 'Ａ、Ｃ', 'AC'], ['multi', 'A C D', 'ACD'],
    ['judge', '对', 'A'], ['judge', '正确', 'A'], ['judge', '√', 'A'], ['judge', 'T', 'A'], ['judge', '错', 'B'], ['judge', '×', 'B'], ['judge', '错误', 'B'],
  ] as const)('%s: "%s" reads as %s', (type, typed, read) => {
    expect(readAnswer(type, typed)).toBe(read)
  })

  it.each(['你好', 'AG', '好的呀', ''])('"%s" is not a choice answer', (typed) => {
    expect(readAnswer('single', typed)).toBeUndefined()
  })

  it.each(['H2O', 'h2o', 'Ｈ２Ｏ', ' H 2 O ', 'H₂O', 'H2O。'])('fill-in "%s" matches H2O leniently', (typed) => {
    expect(isCorrect('fill', 'H2O', typed)).toBe(true)
  })

  it('fill-in accepts any listed alternative and rejects others', () => {
    expect(isCorrect('fill', '爱因斯坦|阿尔伯特·爱因斯坦', '阿尔伯特 爱因斯坦')).toBe(true)
    expect(isCorrect('fill', '爱因斯坦', '牛顿')).toBe(false)
  })
})

describe('/答题', () => {
  it('an empty bank gets a clear reply', async () => {
    const r = await chat.private_('zhangsan', '/答题')
    expect(r.text).toContain('题库里还没有题目')
    expect(await deps.db.selectFrom('quiz_sessions').selectAll().execute()).toEqual([])
  })

  it('an unknown tag lists the tags there are', async () => {
    await seedBank(deps)
    const r = await chat.private_('zhangsan', '/答题 5 天文')
    expect(r.text).toContain('没有标签为“天文”的题目')
    expect(r.text).toContain('科学')
  })

  it('bad arguments change nothing', async () => {
    await seedBank(deps)
    const r = await chat.private_('zhangsan', '/答题 99')
    expect(r.text).toContain('题数应在 1 到 20 之间')
    expect(await deps.db.selectFrom('quiz_sessions').selectAll().execute()).toEqual([])
  })

  it('runs a whole quiz by typed answers: feedback, explanation, next question, score, time and points', async () => {
    await seedBank(deps)
    await chat.say('zhangsan', '/帮助') // joins the group: quiz points count there
    const start = await chat.private_('zhangsan', '/答题 3 科学')
    expect(start.text).toContain('开始答题：共 3 题（标签：科学）')
    expect(start.text).toContain('第 1/3 题')
    for (let i = 0; i < 3; i++) {
      const q = await onQuestion(deps, 'zhangsan')
      deps.clock.advanceSeconds(4)
      const r = await chat.private_('zhangsan', i === 1 ? wrongAnswer(q) : rightAnswer(q))
      expect(r.text).toContain(i === 1 ? '❌ 回答错误' : '✅ 回答正确')
      if (q.explanation) expect(r.text).toContain(`解析：${q.explanation}`)
      if (i === 1) expect(r.text).toContain('正确答案：')
      if (i < 2) expect(r.text).toContain(`第 ${i + 2}/3 题`)
      else {
        expect(r.text).toContain('答题结束！得分 **2/3**，用时 12 秒。获得 2 积分。')
        expect(r.text).toContain('错题本')
      }
    }
    expect((await answers('zhangsan')).map((a) => a.correct)).toEqual([1, 0, 1])
    expect(await quizPoints('zhangsan')).toBe(2)
    const s = await deps.db.selectFrom('quiz_sessions').selectAll().executeTakeFirstOrThrow()
    expect(s).toMatchObject({ status: 'done', correct: 2, points: 2, group_id: 'wr-dyzb' })
  })

  it('choice questions come as a vote card too; answering by card updates the card and moves on', async () => {
    await seedBank(deps)
    const r = await chat.private_('zhangsan', '/答题 1 历史')
    const card = r.messages.find((m) => m.type === 'card')
    expect(card && card.type === 'card' && card.card.card_type).toBe('vote_interaction')
    const c = (card as { card: { task_id: string; checkbox: { mode: number; option_list: { id: string }[] }; submit_button: { key: string } } }).card
    expect(c.checkbox.mode).toBe(1) // multiple choice
    expect(c.checkbox.option_list.map((o) => o.id)).toEqual(['A', 'B', 'C', 'D'])
    const click = await chat.click('zhangsan', { key: c.submit_button.key, taskId: c.task_id, cardType: 'vote_interaction', selected: [{ questionKey: 'answer', optionIds: ['D', 'A', 'C'] }] }, { single: true })
    expect(click.update?.userids).toEqual(['zhangsan'])
    expect(click.update?.card.checkbox?.disable).toBe(true)
    expect(click.update?.card.task_id).toBe(c.task_id)
    expect(click.text).toContain('✅ 回答正确')
    expect(click.text).toContain('答题结束！得分 **1/1**')
    const again = await chat.click('zhangsan', { key: c.submit_button.key, taskId: c.task_id, cardType: 'vote_interaction', selected: [{ questionKey: 'answer', optionIds: ['B'] }] }, { single: true })
    expect(again.text).toBe('这道题已经作答过了。')
    expect(await answers('zhangsan')).toHaveLength(1)
  })

  it('accepts every typed format in a conversation', async () => {
    await seedBank(deps)
    for (const [tag, typed] of [['文化', 'ａ'], ['历史', 'c,a d'], ['党史', 'Ｂ']] as const) {
      await chat.private_('lisi', `/答题 1 ${tag}`)
      expect((await chat.private_('lisi', typed)).text).toContain('✅ 回答正确')
    }
    await chat.private_('lisi', '/答题 3 科学')
    for (let i = 0; i < 3; i++) {
      const q = await onQuestion(deps, 'lisi')
      const typed = q.type === 'fill' ? 'Ｈ２ O' : q.answer === 'A' ? '√' : '×'
      expect((await chat.private_('lisi', typed)).text).toContain('✅ 回答正确')
    }
  })

  it('in the group the quiz is answered with @学习助手 and is the asker\'s alone', async () => {
    await seedBank(deps)
    const r = await chat.say('wangwu', '/答题 1 文化')
    expect(r.text).toContain('在群里作答请 @学习助手')
    expect((await chat.say('zhaoliu', 'A')).text).toContain('没有“A”这个命令')
    expect((await chat.say('wangwu', 'A')).text).toContain('✅ 回答正确')
  })

  it('text that is not an answer is not swallowed; with no open quiz "A" is an unknown command', async () => {
    await seedBank(deps)
    expect((await chat.private_('zhangsan', 'A')).text).toContain('没有“A”这个命令')
    await chat.private_('zhangsan', '/答题 1 文化')
    expect((await chat.private_('zhangsan', '嗯')).text).toContain('直接回复选项字母')
    expect((await chat.private_('zhangsan', '今天天气不错我们去公园散步吧')).text).toContain('没有“今天天气不错我们去公园散步吧”')
    expect(await answers('zhangsan')).toEqual([])
  })

  it('an answer after the time limit counts as wrong and the quiz goes on', async () => {
    await seedBank(deps)
    await chat.private_('zhangsan', '/答题 1 党史')
    deps.clock.advanceSeconds(31) // single choice: 30 s
    const r = await chat.private_('zhangsan', 'B')
    expect(r.text).toContain('⏰ 超时了（限时 30 秒）')
    expect(r.text).toContain('正确答案：**B. 1921 年**')
    expect(await answers('zhangsan')).toEqual([{ answer: '', correct: 0, ms: 30_000 }])
    expect(await deps.db.selectFrom('quiz_wrong_book').select('userid').execute()).toEqual([{ userid: 'zhangsan' }])
  })

  it('a new /答题 abandons the open one', async () => {
    await seedBank(deps)
    await chat.private_('zhangsan', '/答题 1 文化')
    await chat.private_('zhangsan', '/答题 1 党史')
    const rows = await deps.db.selectFrom('quiz_sessions').select('status').orderBy('id').execute()
    expect(rows.map((r) => r.status)).toEqual(['abandoned', 'open'])
  })
})
