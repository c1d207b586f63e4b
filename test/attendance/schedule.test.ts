import { afterEach, describe, expect, it } from 'vitest'
import { dueAnnouncements, dueClosings, dueOpenings, runDue } from '../../src/attendance/schedule.js'
import { sessionTask } from '../../src/attendance/ticker.js'
import { ADMIN, GROUP, MON_0900, outbox, world, type World } from './setup.js'

let w: World
afterEach(() => w.deps.dbh.drop())

const MON_0859 = '2026-11-23T00:59:00Z'
const TUE_1929 = '2026-11-24T11:29:00Z'
const TUE_1930 = '2026-11-24T11:30:00Z'
const TUE_2000 = '2026-11-24T12:00:00Z'

describe('/预告: announced the day before, opened at the time, closed with a summary', () => {
  it('runs the whole life cycle once, through the outbox', async () => {
    w = await world('2026-11-22T02:00:00Z') // Sun 10:00
    const r = await w.chat.say(ADMIN, '/预告 周二 19:30 集中学习 30分钟 迟到10分钟')
    expect(r.text).toBe('📅 已预告：11月24日 周二 19:30「集中学习」，时长 30 分钟，19:40 后算迟到。前一天 09:00 在群里提醒，到时自动发起签到。')
    w.clock.set(MON_0859)
    expect(await dueAnnouncements(w.deps.db, w.clock.now())).toEqual([])
    w.clock.set(MON_0900)
    expect(await dueAnnouncements(w.deps.db, w.clock.now())).toHaveLength(1)
    expect(await runDue(w.deps, w.clock.now(), 'announce')).toBe(1)
    expect(await runDue(w.deps, w.clock.now(), 'announce')).toBe(0)
    w.clock.set(TUE_1929)
    expect(await dueOpenings(w.deps.db, w.clock.now())).toEqual([])
    // not open yet: /签到 is a daily check-in, the button says when it opens
    w.clock.set(TUE_1930)
    expect(await runDue(w.deps, w.clock.now(), 'open')).toBe(1)
    expect(await runDue(w.deps, w.clock.now(), 'open')).toBe(0)
    const sent = await outbox(w.deps)
    expect(sent.map((o) => [o.dedupe_key, o.dest_id, o.message.type])).toEqual([
      ['attendance:announce:1', GROUP, 'markdown'],
      ['attendance:open:1', GROUP, 'card'],
    ])
    expect(sent[0]!.message.content).toBe('📢 **学习预告**\n11月24日 周二 19:30「集中学习」集中学习，届时请在群里签到。\n不能参加请提前 `/请假 本次 原因`。')
    const key = sent[1]!.message.card.button_list[0].key
    expect((await w.chat.click('zhangsan', { key })).update!.card.sub_title_text).toContain('按时')
    w.clock.set(TUE_2000)
    expect((await dueClosings(w.deps.db, w.clock.now())).map((s) => s.id)).toEqual([1])
    expect(await runDue(w.deps, w.clock.now(), 'close')).toBe(1)
    expect((await outbox(w.deps)).map((o) => o.dedupe_key)).toContain('attendance:close:1')
  })

  it('a button pressed before the start says when it opens', async () => {
    w = await world(MON_0900)
    await w.chat.say(ADMIN, '/预告 明天 19:30 党课')
    const click = await w.chat.click('zhangsan', { key: 'att:signin:1' })
    expect(click.update!.card.sub_title_text).toBe('“党课”将于 19:30 开始签到，请到时再来。')
    expect(await w.deps.db.selectFrom('att_records').selectAll().execute()).toEqual([])
  })

  it('scheduled less than a day ahead: the reply is the announcement', async () => {
    w = await world(MON_0900)
    await w.chat.say(ADMIN, '/预告 今天 19:30 集中学习')
    expect(await dueAnnouncements(w.deps.db, w.clock.now())).toEqual([])
  })

  it('refuses the past and bad dates in Chinese, writing nothing', async () => {
    w = await world(MON_0900)
    expect((await w.chat.say(ADMIN, '/预告 今天 08:00 集中学习')).text).toBe('11月23日 周一 08:00 已经过去了，请选择以后的时间。')
    expect((await w.chat.say(ADMIN, '/预告 后年 19:30 集中学习')).text).toContain('看不懂日期“后年”')
    expect((await w.chat.say(ADMIN, '/预告 明天 25:00 集中学习')).text).toContain('看不懂时间“25:00”')
    expect(await w.deps.db.selectFrom('att_sessions').selectAll().execute()).toEqual([])
  })
})

describe('the session tick task', () => {
  it('announces, opens and closes each scheduled session once, at its time', async () => {
    w = await world('2026-11-22T02:00:00Z')
    await w.chat.say(ADMIN, '/预告 周二 19:30 集中学习')
    const tick = (at: string) => {
      w.clock.set(at)
      return sessionTask.run(w.deps, w.clock.now())
    }
    expect(await tick(MON_0900)).toBe(1)
    expect(await tick(MON_0900)).toBe(0)
    expect(await tick(TUE_1930)).toBe(1)
    expect(await tick(TUE_2000)).toBe(1)
    expect(await tick(TUE_2000)).toBe(0)
    expect((await outbox(w.deps)).map((o) => o.dedupe_key)).toEqual(['attendance:announce:1', 'attendance:open:1', 'attendance:close:1', 'attendance:absent:1:wangshuji'])
  })
})
