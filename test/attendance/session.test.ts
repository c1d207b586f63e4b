import { afterEach, describe, expect, it } from 'vitest'
import { dueClosings, runDue } from '../../src/attendance/schedule.js'
import type { Incoming } from '../../src/bot/incoming.js'
import { ADMIN, GROUP, TUE_1930, outbox, world, type World } from './setup.js'

let w: World
afterEach(() => w.deps.dbh.drop())

const KEY = (id: number) => `att:signin:${id}`

async function open(): Promise<{ id: number; card: any }> {
  const r = await w.chat.say(ADMIN, '/发起签到 集中学习 30分钟 迟到10分钟')
  const card = r.messages[0]
  expect(card?.type).toBe('card')
  const row = await w.deps.db.selectFrom('att_sessions').select('id').executeTakeFirstOrThrow()
  return { id: Number(row.id), card: (card as any).card }
}

describe('sessions (/发起签到 and the 签到 button)', () => {
  it('posts a button card; clicks are on time, late, or refused after close', async () => {
    w = await world(TUE_1930)
    const { id, card } = await open()
    expect(card).toMatchObject({ card_type: 'button_interaction', main_title: { title: '集中学习签到', desc: '集中学习' }, task_id: `att_session_${id}` })
    expect(card.button_list).toEqual([{ text: '签到', style: 1, key: KEY(id) }])
    expect(card.horizontal_content_list[0].value).toBe('11月24日 周二 19:30–20:00')

    w.clock.advanceMinutes(1) // 19:31
    const a = await w.chat.click('zhangsan', { key: KEY(id), taskId: `att_session_${id}` })
    expect(a.update).toMatchObject({ type: 'card_update', userids: ['zhangsan'] })
    expect(a.update!.card.sub_title_text).toContain('张三 已签到“集中学习”（19:31，按时）')
    expect(a.update!.card.button_list![0]!.text).toBe('已签到 19:31')

    w.clock.advanceMinutes(14) // 19:45
    const late = await w.chat.click('zhaoliu', { key: KEY(id) })
    expect(late.update!.card.sub_title_text).toContain('（19:45，迟到）')
    const viaText = await w.chat.say('lisi', '/签到')
    expect(viaText.text).toContain('李四 已签到“集中学习”（19:45，迟到）')

    w.clock.advanceMinutes(20) // 20:05
    const refused = await w.chat.click('sunqi', { key: KEY(id) })
    expect(refused.update!.card.sub_title_text).toBe('“集中学习”已于 20:00 结束签到，无法再签到。如有特殊情况请联系管理员补签。')
    const records = await w.deps.db.selectFrom('att_records').select(['userid', 'status']).orderBy('at').execute()
    expect(records).toEqual([
      { userid: 'zhangsan', status: 'ontime' },
      { userid: 'zhaoliu', status: 'late' },
      { userid: 'lisi', status: 'late' },
    ])
    // /签到 after close: a daily check-in, with a clear word about the session
    const after = await w.chat.say('sunqi', '/签到')
    expect(after.text).toContain('孙七 签到成功（20:05）')
    expect(after.text).toContain('集中学习“集中学习”已于 20:00 结束签到')
  })

  it('a repeated click (same msgid) is answered the same and records once', async () => {
    w = await world(TUE_1930)
    const { id } = await open()
    const ev: Incoming = {
      msgid: 'click-1',
      via: 'bot',
      chat: { id: GROUP, type: 'group' },
      userid: 'zhangsan',
      text: '',
      kind: 'card_event',
      event: { key: KEY(id), taskId: `att_session_${id}`, cardType: 'button_interaction', selected: [] },
      raw: '{}',
    }
    const first = await w.chat.deliver(ev)
    const again = await w.chat.deliver(ev)
    expect(again.duplicate).toBe(true)
    expect(again.update).toEqual(first.update)
    const second = await w.chat.click('zhangsan', { key: KEY(id) })
    expect(second.update!.card.sub_title_text).toBe('你已签到“集中学习”（19:30，按时），无需重复签到。')
    expect(await w.deps.db.selectFrom('att_records').selectAll().execute()).toHaveLength(1)
    const points = await w.deps.db.selectFrom('point_events').select(['award_key', 'points']).orderBy('award_key').execute()
    expect(points).toEqual([
      { award_key: 'checkin:wr-dyzb:zhangsan:2026-11-24', points: 1 },
      { award_key: `session:${id}:zhangsan`, points: 2 },
    ])
  })

  it('two members clicking in the same millisecond are both signed in', async () => {
    w = await world(TUE_1930)
    const { id } = await open()
    const [a, b] = await Promise.all([w.chat.click('zhangsan', { key: KEY(id) }), w.chat.click('lisi', { key: KEY(id) })])
    expect(a.update!.card.sub_title_text).toContain('按时')
    expect(b.update!.card.sub_title_text).toContain('按时')
    expect(await w.deps.db.selectFrom('att_records').selectAll().execute()).toHaveLength(2)
  })

  it('at close: counts in the group, absentee names privately to each admin, once', async () => {
    w = await world(TUE_1930)
    await w.chat.say('wangshuji', '/帮助') // the admin is in the group too
    await w.deps.db.insertInto('admins').values({ userid: 'lishuji', added_by: ADMIN, added_at: TUE_1930 }).execute()
    const { id } = await open()
    await w.chat.say('zhouba', '/请假 本次 住院')
    await w.chat.private_(ADMIN, '/批准 @周八')
    await w.chat.click('zhangsan', { key: KEY(id) })
    await w.chat.click('lisi', { key: KEY(id) })
    w.clock.advanceMinutes(15)
    await w.chat.click('zhaoliu', { key: KEY(id) })
    w.clock.advanceMinutes(14) // 19:59
    expect(await dueClosings(w.deps.db, w.clock.now())).toEqual([])
    w.clock.advanceMinutes(1) // 20:00
    expect(await runDue(w.deps, w.clock.now(), 'close')).toBe(1)
    expect(await runDue(w.deps, w.clock.now(), 'close')).toBe(0)
    const sent = (await outbox(w.deps)).filter((o) => o.dedupe_key.startsWith('attendance:close') || o.dedupe_key.startsWith('attendance:absent'))
    expect(sent.map((o) => [o.dedupe_key, o.dest_id])).toEqual([
      [`attendance:close:${id}`, GROUP],
      [`attendance:absent:${id}:wangshuji`, 'wangshuji'],
      [`attendance:absent:${id}:lishuji`, 'lishuji'],
    ])
    expect(sent[0]!.message.content).toBe('**“集中学习”签到结束**\n应到 7 人：按时 2，迟到 1，补签 0，请假 1，缺勤 3')
    expect(sent[1]!.message.content).toBe('“集中学习”（第一党支部，11月24日 周二 19:30）缺勤 3 人：孙七、王书记、王五')
    expect(sent[0]!.message.content).not.toContain('王五')
  })

  it('refuses bad arguments in Chinese and writes nothing', async () => {
    w = await world(TUE_1930)
    const r = await w.chat.say(ADMIN, '/发起签到 集中学习 30分钟 迟到很久')
    expect(r.text).toContain('迟到界限“迟到很久”看不懂')
    expect(r.text).toContain('用法：`/发起签到 主题 [时长] [迟到界限]`')
    expect((await w.chat.say(ADMIN, '/发起签到')).text).toContain('缺少参数：主题')
    expect((await w.chat.say('zhangsan', '/发起签到 学习')).text).toBe('“/发起签到”只有管理员可以使用。')
    expect(await w.deps.db.selectFrom('att_sessions').selectAll().execute()).toEqual([])
    await open()
    expect((await w.chat.say(ADMIN, '/发起签到 再来一次')).text).toBe('这个时间段已有集中学习“集中学习”，请换个时间。')
    expect(await w.deps.db.selectFrom('att_sessions').selectAll().execute()).toHaveLength(1)
  })
})
