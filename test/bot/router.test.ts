import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps()
  chat = new Chat(deps)
})
afterEach(() => deps.dbh.drop())

describe('routing', () => {
  it.each(['/帮助', '帮助', '／帮助', '/help', ' /HELP ', '／ｈｅｌｐ'])('%s reaches /帮助', async (typed) => {
    const r = await chat.say('zhangsan', typed)
    expect(r.text).toContain('学习助手 · 可用命令')
  })

  it('lists only what a member may use; an admin also sees admin commands', async () => {
    const member = await chat.say('zhangsan', '/帮助')
    expect(member.text).not.toContain('/管理员 添加')
    const admin = await chat.say('wangshuji', '/帮助')
    expect(admin.text).toContain('/管理员 添加')
  })

  it('/帮助 帮助 shows usage and examples', async () => {
    const r = await chat.say('zhangsan', '/帮助 帮助')
    expect(r.text).toContain('用法：`/帮助 [命令名]`')
    expect(r.text).toContain('示例')
  })

  it('an unknown command suggests the closest names', async () => {
    const r = await chat.say('zhangsan', '/帮主')
    expect(r.text).toContain('没有“帮主”这个命令')
    expect(r.text).toContain('/帮助')
  })

  it('a member cannot run an admin command, and nothing changes', async () => {
    await chat.say('lisi', '/帮助')
    const r = await chat.say('zhangsan', '/管理员 添加 @lisi')
    expect(r.text).toBe('“/管理员 添加”只有管理员可以使用。')
    expect(await deps.db.selectFrom('admins').selectAll().execute()).toEqual([])
  })

  it('bad arguments get the problem and the usage', async () => {
    const r = await chat.say('wangshuji', '/管理员 添加 张三')
    expect(r.text).toContain('请 @ 一位成员')
    expect(r.text).toContain('用法：`/管理员 添加 @某人`')
  })

  it('an admin adds an admin; it is audited', async () => {
    await chat.say('lisi', '/帮助')
    const r = await chat.say('wangshuji', '/管理员 添加 @lisi')
    expect(r.text).toBe('已将 lisi 设为管理员。')
    const audit = await deps.db.selectFrom('audit_log').selectAll().execute()
    expect(audit).toMatchObject([{ actor: 'wangshuji', action: 'admin.add', target: 'lisi' }, { actor: 'wangshuji', action: 'command:admin-add', detail: JSON.stringify({ args: '@lisi' }) }])
    expect((await chat.say('lisi', '/帮助')).text).toContain('/管理员 添加')
  })

  it('a repeated delivery is answered the same way and changes nothing', async () => {
    await chat.say('lisi', '/帮助')
    const first = await chat.say('wangshuji', '/管理员 添加 @lisi', { msgid: 'dup-1' })
    const again = await chat.say('wangshuji', '/管理员 添加 @lisi', { msgid: 'dup-1' })
    expect(again.duplicate).toBe(true)
    expect(again.text).toBe(first.text)
    expect(await deps.db.selectFrom('audit_log').selectAll().execute()).toHaveLength(2)
  })

  it('the first message in a group records the chat and the member', async () => {
    await chat.say('zhangsan', '/帮助')
    expect(await deps.db.selectFrom('chats').select(['chat_id', 'type']).execute()).toEqual([{ chat_id: 'wr-dyzb', type: 'group' }])
    expect(await deps.db.selectFrom('memberships').select(['chat_id', 'userid']).execute()).toEqual([{ chat_id: 'wr-dyzb', userid: 'zhangsan' }])
  })

  it('rate-limits one user without slowing another', async () => {
    let limited = 0
    for (let i = 0; i < 40; i++) if ((await chat.say('zhangsan', '/帮助')).text.includes('操作太频繁')) limited++
    expect(limited).toBe(10)
    expect((await chat.say('lisi', '/帮助')).text).toContain('可用命令')
    deps.clock.advanceMinutes(1)
    expect((await chat.say('zhangsan', '/帮助')).text).toContain('可用命令')
  })

  it('oversized and hostile text gets a clear reply', async () => {
    expect((await chat.say('zhangsan', '/帮助 ' + '字'.repeat(10_000))).text).toContain('消息太长')
    expect((await chat.say('zhangsan', '')).text).toContain('发送 `/帮助`')
    expect((await chat.say('zhangsan', '<script>alert(1)</script>')).text).toContain('没有“<script>alert(1)</sc…”这个命令')
  })
})
