// What a member may not do — run admin commands, read another group's data, sign in for someone
// else, answer a competition question twice, like their own note — and that every admin action is
// in the audit log with who, when and what. Each refusal is a clear Chinese reply that changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Chat } from '../support/chat.js'
import type { TestDeps } from '../support/test-deps.js'
import { HONEST_A } from '../notes/fixtures.js'
import { noteIdIn, notesWorld } from '../notes/support.js'
import { seedBank } from '../quiz/helpers.js'
import { countAllTables } from '../scale/shared-db.js'

const OTHER = 'wr-other-group'
let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  ;({ deps, chat } = await notesWorld())
})
afterEach(() => deps.dbh.drop())

/** Row counts without the inbound record every message leaves (and the chat/user bookkeeping). */
async function contentRows(): Promise<Record<string, number>> {
  const all = await countAllTables(deps.dbh)
  for (const t of ['inbound_messages', 'chats', 'users', 'memberships', 'streams']) delete all[t]
  return all
}

describe('a member', () => {
  it('cannot run admin commands: refused by name, nothing written, nothing audited', async () => {
    await chat.say('zhangsan', '/签到') // zhangsan is known in the group
    const before = await contentRows()
    for (const text of ['/补签 @lisi 昨天 忘了', '/竞赛 开始', '/考勤 报告', '/群 推送 一支部 KEY123', '/任务 发布', '/名单 导入', '/管理员 添加 @zhangsan']) {
      const r = await chat.say('zhangsan', text)
      expect(r.text, text).toMatch(/只有管理员可以使用|没有“.*”这个命令/)
    }
    expect(await contentRows()).toEqual(before)
    expect(await deps.db.selectFrom('audit_log').selectAll().execute()).toEqual([])
  })

  it('cannot sign in for someone else (/补签 is admin-only; /签到 only signs the sender in)', async () => {
    const r = await chat.say('zhangsan', '/补签 @李四 昨天 帮他补一下')
    expect(r.text).toContain('只有管理员可以使用')
    await chat.say('zhangsan', '/签到 @李四')
    const checkins = await deps.db.selectFrom('att_checkins').select(['userid']).execute()
    expect(checkins).toEqual([{ userid: 'zhangsan' }])
  })

  it("cannot like their own note, nor read a note of another group", async () => {
    const id = noteIdIn((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text)
    const likes = await deps.db.selectFrom('note_likes').selectAll().execute()
    expect((await chat.say('zhangsan', `/赞 ${id}`)).text).toBe('不能给自己的笔记点赞。')
    expect(await deps.db.selectFrom('note_likes').selectAll().execute()).toEqual(likes)
    const other = await chat.say('lisi', `/笔记 查看 ${id}`, { chat: OTHER })
    expect(other.text).toContain(`不能查看笔记 #${id}`)
    expect(other.text).not.toContain(HONEST_A.slice(0, 20))
    expect((await chat.say('lisi', `/赞 ${id}`, { chat: OTHER })).text).not.toContain('已点赞')
    expect(await deps.db.selectFrom('note_likes').selectAll().execute()).toEqual(likes)
  })

  it("cannot answer a competition question twice: the first answer counts", async () => {
    await seedBank(deps)
    await chat.say('wangshuji', '/竞赛 开始 3 20')
    deps.clock.advanceSeconds(10)
    const { tickCompetitions } = await import('../../src/quiz/tick.js')
    await tickCompetitions(deps, deps.clock.now())
    await chat.say('zhangsan', 'A')
    const second = await chat.say('zhangsan', 'B')
    expect(second.text).toContain('你已经作答过了，以第一次为准')
    const answers = await deps.db.selectFrom('competition_answers').selectAll().execute()
    expect(answers).toHaveLength(1)
    expect(answers[0]).toMatchObject({ userid: 'zhangsan' })
  })
})

describe('the audit log', () => {
  it('records every admin action with who, when and what — and a member’s refused attempt not at all', async () => {
    await chat.say('zhangsan', '/签到')
    await chat.say('lisi', '/签到')
    deps.clock.advanceMinutes(3)
    const at = deps.clock.now().toISOString()
    await chat.say('wangshuji', '/补签 @李四 昨天 请假补记')
    await chat.say('zhangsan', '/补签 @李四 昨天 冒充')
    await seedBank(deps)
    await chat.say('wangshuji', '/竞赛 开始 2 30')
    const all = await deps.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
    expect(all.every((l) => l.actor === 'wangshuji')).toBe(true) // domain entries (e.g. attendance.makeup) too
    const log = all.filter((l) => l.action.startsWith('command:'))
    expect(log.map((l) => [l.actor, l.action, l.chat_id])).toEqual([
      ['wangshuji', 'command:makeup', 'wr-dyzb'],
      ['wangshuji', 'command:competition-start', 'wr-dyzb'],
    ])
    expect(log[0]!.at).toBe(at)
    expect(log[0]!.detail).toContain('请假补记')
    expect(log[1]!.detail).toContain('2 30')
  })
})
