import { afterEach, describe, expect, it } from 'vitest'
import { runDue } from '../../src/attendance/schedule.js'
import { ADMIN, TUE_1930, outbox, world, type World } from './setup.js'

let w: World
afterEach(() => w.deps.dbh.drop())

const report = async () => (await w.chat.say(ADMIN, '/考勤 本周')).text

describe('/请假 and approval', () => {
  it('request → card to each admin → 批准 by button → member told privately → report shows 请假', async () => {
    w = await world(TUE_1930)
    await w.chat.say(ADMIN, '/发起签到 集中学习 30分钟')
    const ask = await w.chat.say('zhouba', '/请假 本次 住院')
    expect(ask.text).toBe('已提交请假申请（“集中学习” 11月24日 周二，原因：住院），等待管理员审批，结果会私信告诉你。')
    const [cardRow] = (await outbox(w.deps)).filter((o) => o.dedupe_key.startsWith('attendance:leave:'))
    expect(cardRow).toMatchObject({ dest_kind: 'user', dest_id: ADMIN })
    const card = cardRow!.message.card
    expect(card.main_title).toEqual({ title: '请假申请', desc: '周八 · 第一党支部' })
    expect(card.sub_title_text).toBe('“集中学习” 11月24日 周二\n原因：住院')
    const approveKey = card.button_list[0].key as string
    expect(card.button_list.map((b: any) => b.text)).toEqual(['批准', '驳回'])

    // a member cannot approve by forging the click
    expect((await w.chat.click('zhangsan', { key: approveKey }, { single: true })).text).toBe('“/批准”只有管理员可以使用。')

    w.clock.advanceMinutes(30) // 20:00, closed
    await runDue(w.deps, w.clock.now(), 'close')
    expect(await report()).toContain('- 周八：出勤 0/1（出勤率 0%，迟到 0，请假 0，缺勤 1）')

    const click = await w.chat.click(ADMIN, { key: approveKey, taskId: card.task_id }, { single: true })
    expect(click.update).toMatchObject({ type: 'card_update', userids: [ADMIN] })
    expect(click.update!.card.sub_title_text).toContain('已批准 周八 的请假（“集中学习” 11月24日 周二）。')
    const told = (await outbox(w.deps)).find((o) => o.dedupe_key.startsWith('attendance:leave-decided:'))
    expect(told).toMatchObject({ dest_kind: 'user', dest_id: 'zhouba' })
    expect(told!.message.content).toBe('✅ 你的请假申请（“集中学习” 11月24日 周二）已批准。')
    expect(await report()).toContain('- 周八：出勤 0/0（出勤率 100%，迟到 0，请假 1，缺勤 0）')
    expect(await report()).toContain('按时 0，迟到 0，补签 0，请假 1，缺勤 6')

    // a second click (another admin, or the same twice) does not decide again
    const twice = await w.chat.click(ADMIN, { key: approveKey }, { single: true })
    expect(twice.update!.card.sub_title_text).toContain('这条请假已由 王书记 批准。')
    expect((await outbox(w.deps)).filter((o) => o.dedupe_key.startsWith('attendance:leave-decided:'))).toHaveLength(1)
  })

  it('/驳回 @某人 原因 in private; the member hears why; duplicates and bad input refused', async () => {
    w = await world(TUE_1930)
    expect((await w.chat.say('zhouba', '/请假 本次 住院')).text).toBe('现在没有进行中或即将开始的集中学习。请假某一天可以写 `/请假 明天 原因`。')
    expect((await w.chat.say('zhouba', '/请假 明天')).text).toContain('请写明请假原因')
    expect((await w.chat.say('zhouba', '/请假 昨天 生病')).text).toBe('2026-11-23 已经过去了，不能再请假。如需补签请联系管理员。')
    expect(await w.deps.db.selectFrom('att_leaves').selectAll().execute()).toEqual([])
    expect((await w.chat.say('zhouba', '/请假 明天 出差')).text).toContain('11月25日 周三 全天')
    expect((await w.chat.say('zhouba', '/请假 明天 出差')).text).toBe('你已提交过这次的请假申请，正在等待审批。')
    expect((await w.chat.private_('zhangsan', '/驳回 @周八 不行')).text).toBe('“/驳回”只有管理员可以使用。')
    const r = await w.chat.private_(ADMIN, '/驳回 @周八 本周必须参加')
    expect(r.text).toBe('已驳回 周八 的请假（11月25日 周三 全天）。')
    const told = (await outbox(w.deps)).find((o) => o.dedupe_key.startsWith('attendance:leave-decided:'))
    expect(told!.message.content).toBe('你的请假申请（11月25日 周三 全天）未获批准。说明：本周必须参加')
    expect((await w.chat.private_(ADMIN, '/批准 @周八')).text).toBe('周八 没有待审批的请假申请。')
    expect((await w.chat.private_(ADMIN, '/批准 @nobody')).text).toContain('找不到成员“nobody”')
  })
})
