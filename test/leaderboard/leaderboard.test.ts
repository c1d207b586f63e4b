import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { award } from '../../src/points/ledger.js'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { G1, G2, seedGroups } from '../jobs/helpers.js'

let deps: TestDeps
let chat: Chat
const TZ = 'Asia/Shanghai'
const LAST_WEEK = new Date('2026-11-17T02:00:00Z') // Tue of 2026-W47
const THIS_WEEK = new Date('2026-11-23T02:00:00Z') // Mon of 2026-W48

async function give(userid: string, chatId: string, points: number, at: Date, n: number) {
  await award(deps.db, { key: `t:${userid}:${at.toISOString()}:${n}`, userid, chatId, rule: 'checkin.daily', points, at, tz: TZ })
}

beforeEach(async () => {
  deps = await createTestDeps() // Mon 2026-11-23 09:00
  chat = new Chat(deps)
  await seedGroups(deps.db)
  await deps.db.updateTable('users').set({ name: '张三' }).where('userid', '=', 'zhangsan').execute()
  await deps.db.updateTable('users').set({ name: '李四' }).where('userid', '=', 'lisi').execute()
  await deps.db.updateTable('users').set({ name: '王五' }).where('userid', '=', 'wangwu').execute()
  // Last week: lisi 5, zhangsan 3. This week: zhangsan 9, wangwu 6, lisi 2 (3 of 5 members active).
  await give('lisi', G1, 5, LAST_WEEK, 1)
  await give('zhangsan', G1, 3, LAST_WEEK, 1)
  await give('zhangsan', G1, 9, THIS_WEEK, 1)
  await give('wangwu', G1, 6, THIS_WEEK, 1)
  await give('lisi', G1, 2, THIS_WEEK, 1)
  // 第二党支部: 2 of 3 active, 10 points → 3.3 per member; 第一党支部 60% → ranked below.
  await give('wujiu', G2, 6, THIS_WEEK, 1)
  await give('zhengshi', G2, 4, THIS_WEEK, 1)
})
afterEach(() => deps.dbh.drop())

describe('/排行', () => {
  it('shows the week’s board with change since last week, participation and 支部评比', async () => {
    const r = await chat.say('zhangsan', '/排行', { chat: G1 })
    expect(r.text).toBe(
      [
        '**第一党支部 · 本周排行**（11月23日–11月29日）',
        '参与率：3/5（60%）',
        '1. 张三 9 分 ↑1',
        '2. 王五 6 分 新上榜',
        '3. 李四 2 分 ↓2',
        '',
        '**支部评比 · 本周**（共 2 个，按参与率、人均积分）',
        '1. 第二党支部 参与率 67% · 人均 3.3 分',
        '2. 第一党支部 参与率 60% · 人均 3.4 分 ◀',
      ].join('\n'),
    )
  })

  it('a hidden member is left off the public board and gets their own rank privately', async () => {
    expect((await chat.say('zhangsan', '/排行 隐藏', { chat: G1 })).text).toContain('公开排行榜上将不再显示你')
    const r = await chat.say('zhangsan', '/排行', { chat: G1 })
    expect(r.text).not.toContain('张三')
    expect(r.text).toContain('1. 王五 6 分')
    const own = await deps.db.selectFrom('outbox').selectAll().where('dest_id', '=', 'zhangsan').execute()
    expect(own).toHaveLength(1)
    expect(JSON.parse(own[0]!.payload).content).toContain('你排第 1 名（共 3 人上榜），9 分')
    const priv = await chat.private_('zhangsan', '/排行')
    expect(priv.text).toContain('**第一党支部 · 本周**：你排第 1 名（共 3 人上榜），9 分')
    expect((await chat.say('zhangsan', '/排行 显示', { chat: G1 })).text).toContain('重新显示你')
    expect((await chat.say('zhangsan', '/排行', { chat: G1 })).text).toContain('1. 张三 9 分')
  })

  it('answers for month, year and all time; rejects other words', async () => {
    expect((await chat.say('lisi', '/排行 月', { chat: G1 })).text).toContain('**第一党支部 · 本月排行**（2026年11月）')
    expect((await chat.say('lisi', '/排行 总', { chat: G1 })).text).toContain('1. 张三 12 分')
    expect((await chat.say('lisi', '/排行 昨天', { chat: G1 })).text).toContain('参数太多了')
  })
})
