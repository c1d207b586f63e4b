import { afterEach, describe, expect, it } from 'vitest'
import { MON_0900, MON_2359, TUE_0000, world, type World } from './setup.js'

let w: World
afterEach(() => w.deps.dbh.drop())

describe('/签到 daily check-in', () => {
  it('confirms, shows the streak and N/M, and awards a point once', async () => {
    w = await world()
    const r = await w.chat.say('zhangsan', '/签到 学习了第一章')
    expect(r.text).toContain('张三 签到成功（09:00）')
    expect(r.text).toContain('今日所学：学习了第一章')
    expect(r.text).toContain('连续学习 **1** 天')
    expect(r.text).toContain('1/6 今天已签到')
    expect(r.text).toContain('积分 +1')
    w.clock.advanceMinutes(1)
    const again = await w.chat.say('zhangsan', '签到')
    expect(again.text).toBe('今天已签到（09:00），本次不再计分。')
    const events = await w.deps.db.selectFrom('point_events').select(['award_key', 'points']).execute()
    expect(events).toEqual([{ award_key: 'checkin:wr-dyzb:zhangsan:2026-11-23', points: 1 }])
    expect((await w.chat.say('lisi', '／签到')).text).toContain('2/6 今天已签到')
  })

  it('N/M counts active members only: an observer and a member who left are in neither number', async () => {
    w = await world()
    await w.chat.say('wangwu', '/签到')
    await w.chat.say('zhaoliu', '/签到')
    // wangwu becomes an observer and zhaoliu leaves after signing in; sunqi left before
    await w.deps.db.updateTable('memberships').set({ role: 'observer' }).where('userid', '=', 'wangwu').execute()
    await w.deps.db.updateTable('memberships').set({ left_at: w.clock.now().toISOString() }).where('userid', 'in', ['zhaoliu', 'sunqi']).execute()
    expect((await w.chat.say('zhangsan', '/签到')).text).toContain('1/3 今天已签到')
    const checkins = await w.deps.db.selectFrom('att_checkins').select('userid').orderBy('userid').execute()
    expect(checkins.map((c) => c.userid)).toEqual(['wangwu', 'zhangsan', 'zhaoliu'])
  })

  it('uses the local day: 23:59 and 00:00 in Asia/Shanghai are two days', async () => {
    w = await world(MON_2359)
    expect((await w.chat.say('zhangsan', '/签到')).text).toContain('签到成功（23:59）')
    w.clock.set(TUE_0000)
    const r = await w.chat.say('zhangsan', '/签到')
    expect(r.text).toContain('签到成功（00:00）')
    expect(r.text).toContain('连续学习 **2** 天')
    const days = await w.deps.db.selectFrom('att_checkins').select('day').orderBy('day').execute()
    expect(days.map((d) => d.day)).toEqual(['2026-11-23', '2026-11-24'])
  })

  it('two members in the same millisecond both count; one member twice at once counts once', async () => {
    w = await world()
    const [a, b] = await Promise.all([w.chat.say('zhangsan', '/签到'), w.chat.say('lisi', '/签到')])
    expect(a.text).toContain('签到成功')
    expect(b.text).toContain('签到成功')
    const [c, d] = await Promise.all([w.chat.say('wangwu', '/签到'), w.chat.say('wangwu', '/签到')])
    expect([c.text, d.text].filter((x) => x.includes('签到成功'))).toHaveLength(1)
    expect([c.text, d.text].filter((x) => x.includes('今天已签到（09:00）'))).toHaveLength(1)
    const rows = await w.deps.db.selectFrom('att_checkins').select('userid').orderBy('userid').execute()
    expect(rows.map((r) => r.userid)).toEqual(['lisi', 'wangwu', 'zhangsan'])
    const total = await w.deps.db.selectFrom('point_totals').select(['userid', 'points']).where('period', '=', 'all').orderBy('userid').execute()
    expect(total).toEqual([
      { userid: 'lisi', points: 1 },
      { userid: 'wangwu', points: 1 },
      { userid: 'zhangsan', points: 1 },
    ])
  })

  it('a repeated delivery (same msgid) is answered the same and writes nothing more', async () => {
    w = await world()
    const first = await w.chat.say('zhangsan', '/签到', { msgid: 'm-1' })
    const again = await w.chat.say('zhangsan', '/签到', { msgid: 'm-1' })
    expect(again.duplicate).toBe(true)
    expect(again.text).toBe(first.text)
    expect(await w.deps.db.selectFrom('point_events').selectAll().execute()).toHaveLength(1)
  })

  it('only in a group', async () => {
    w = await world(MON_0900)
    expect((await w.chat.private_('zhangsan', '/签到')).text).toBe('“/签到”请在群聊中 @我 使用。')
    expect(await w.deps.db.selectFrom('att_checkins').selectAll().execute()).toEqual([])
  })

  it('/积分规则 lists the configured rules; /帮助 签到 explains the command', async () => {
    w = await world()
    const rules = (await w.chat.say('zhangsan', '/积分规则')).text
    expect(rules).toContain('**积分规则**')
    expect(rules).toContain('- 每日签到：1 分')
    expect(rules).toContain('- 集中学习按时签到：2 分')
    expect(rules).toContain('- 集中学习迟到签到：1 分')
    const help = (await w.chat.say('zhangsan', '/帮助 签到')).text
    expect(help).toContain('用法：`/签到 [今天学了什么]`')
  })
})
