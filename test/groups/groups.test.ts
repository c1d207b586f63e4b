import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Chat, GROUP } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps()
  chat = new Chat(deps)
})
afterEach(() => deps.dbh.drop())

const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'

describe('/群', () => {
  it('an admin names the group; the name must be unique', async () => {
    await chat.say('zhangsan', '/帮助', { chat: 'wr-other' })
    expect((await chat.say('wangshuji', '/群 命名 第一党支部')).text).toBe('好的，本群已命名为“第一党支部”。')
    expect((await chat.say('wangshuji', '/群 命名 第一党支部', { chat: 'wr-other' })).text).toContain('已经有群叫“第一党支部”了')
    expect((await chat.say('zhangsan', '/群 命名 随便')).text).toContain('只有管理员可以使用')
    const row = await deps.db.selectFrom('chats').select('name').where('chat_id', '=', GROUP).executeTakeFirst()
    expect(row?.name).toBe('第一党支部')
  })

  it('binds the webhook key in private, never echoes it, and accepts a pasted URL', async () => {
    await chat.say('wangshuji', '/群 命名 第一党支部')
    const inGroup = await chat.say('wangshuji', `/群 推送 第一党支部 ${KEY}`)
    expect(inGroup.text).toContain('请在与我的私聊中使用')
    const r = await chat.private_('wangshuji', `/群 推送 第一党支部 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`)
    expect(r.text).toContain('已为“第一党支部”绑定群机器人推送')
    expect(r.text).not.toContain(KEY)
    const row = await deps.db.selectFrom('chats').select('webhook_key').where('chat_id', '=', GROUP).executeTakeFirst()
    expect(row?.webhook_key).toBe(KEY)
    const hello = await deps.db.selectFrom('outbox').selectAll().where('dest_id', '=', GROUP).execute()
    expect(hello).toHaveLength(1)
    const bad = await chat.private_('wangshuji', '/群 推送 第一党支部 https://example.com/hook')
    expect(bad.text).toContain('这不像是群机器人的 Webhook 密钥')
    expect(bad.text).not.toContain('example.com')
    expect((await chat.private_('wangshuji', `/群 推送 第九支部 ${KEY}`)).text).toContain('找不到名为“第九支部”的群')
  })

  it('lists groups with their binding and last push; unbound groups are flagged', async () => {
    await chat.say('wangshuji', '/群 命名 第一党支部')
    await chat.say('zhangsan', '/帮助', { chat: 'wr-second' })
    await deps.db.updateTable('chats').set({ webhook_key: KEY, last_push_at: '2026-11-23T01:00:00.000Z' }).where('chat_id', '=', GROUP).execute()
    const r = await chat.private_('wangshuji', '/群 列表')
    expect(r.text).toContain('**第一党支部**（wr-dyzb）推送：群机器人；最近成功推送：11月23日 周一 09:00')
    expect(r.text).toContain('**wr-second**（wr-second）推送：<font color="warning">未绑定</font>；最近成功推送：暂无')
  })

  it('sets and lists the group’s own rest days', async () => {
    expect((await chat.say('wangshuji', '/群 休息日 2026-12-01 2026-12-02 休息')).text).toBe('已设置：2026-12-01、2026-12-02 休息。')
    expect((await chat.say('wangshuji', '/群 休息日 2026-12-05 上班')).text).toBe('已设置：2026-12-05 上班。')
    expect((await chat.say('wangshuji', '/群 休息日')).text).toBe('**本群自定义日期**\n- 2026-12-01 休息\n- 2026-12-02 休息\n- 2026-12-05 上班')
    expect((await chat.say('wangshuji', '/群 休息日 明年某天')).text).toContain('看不懂日期')
  })
})
