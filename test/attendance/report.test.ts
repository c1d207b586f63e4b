import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { runDue } from '../../src/attendance/schedule.js'
import { attendanceSummary, checkedInUserids, excusedUserids } from '../../src/attendance/queries.js'
import { ADMIN, GROUP, TUE_1930, world, type World } from './setup.js'

let w: World
afterEach(() => w.deps.dbh.drop())

/** Tue 19:30 session: 张三 on time, 赵六 late, 周八 on approved leave, the rest absent; closed at 20:00. */
async function tuesday(): Promise<number> {
  await w.chat.say(ADMIN, '/发起签到 集中学习 30分钟 迟到10分钟')
  const id = 1
  await w.chat.click('zhangsan', { key: `att:signin:${id}` })
  await w.chat.say('zhouba', '/请假 本次 住院')
  await w.chat.private_(ADMIN, '/批准 @周八')
  w.clock.advanceMinutes(15)
  await w.chat.click('zhaoliu', { key: `att:signin:${id}` })
  w.clock.advanceMinutes(15)
  await runDue(w.deps, w.clock.now(), 'close')
  return id
}

describe('/补签 (make-up) is audited', () => {
  it('signs the member into that day and its sessions, with who/when/why in the audit log', async () => {
    w = await world(TUE_1930)
    const id = await tuesday()
    w.clock.set('2026-11-25T02:00:00Z') // Wed 10:00
    const r = await w.chat.say(ADMIN, '/补签 @李四 昨天 线下参加了学习')
    expect(r.text).toBe('已为 李四 补签 11月24日 周二，含集中学习：“集中学习”。\n原因：线下参加了学习（已记录操作人和时间）')
    const audit = await w.deps.db.selectFrom('audit_log').select(['at', 'actor', 'action', 'target', 'chat_id', 'detail']).where('action', '=', 'attendance.makeup').execute()
    expect(audit).toEqual([
      { at: '2026-11-25T02:00:00.000Z', actor: ADMIN, action: 'attendance.makeup', target: 'lisi', chat_id: GROUP, detail: JSON.stringify({ day: '2026-11-24', reason: '线下参加了学习', sessions: [id] }) },
    ])
    expect(await w.deps.db.selectFrom('att_records').select(['userid', 'status', 'via']).where('userid', '=', 'lisi').execute()).toEqual([{ userid: 'lisi', status: 'makeup', via: 'makeup' }])
    expect((await w.chat.say(ADMIN, '/补签 @李四 昨天 再来一次')).text).toBe('2026-11-24 已有签到记录，无需补签。')
    expect((await w.chat.say(ADMIN, '/补签 @李四 明天 提前')).text).toBe('2026-11-26 还没到，不能补签。')
    expect((await w.chat.say(ADMIN, '/补签 @李四 昨天')).text).toContain('请写明补签原因')
    expect((await w.chat.say('zhangsan', '/补签 @李四 昨天 帮忙')).text).toBe('“/补签”只有管理员可以使用。')
    expect(await w.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'attendance.makeup').execute()).toHaveLength(1)
    expect((await w.chat.say(ADMIN, '/考勤 本周')).text).toContain('按时 1，迟到 1，补签 1，请假 1，缺勤 3')
  })
})

describe('/考勤, /我的 and the queries other jobs use', () => {
  it('reports per session and per member', async () => {
    w = await world(TUE_1930)
    await tuesday()
    const r = (await w.chat.say(ADMIN, '/考勤')).text
    expect(r).toContain('**考勤统计 · 第一党支部 · 2026-11-23 至 2026-11-29**')
    expect(r).toContain('- 11月24日 周二 19:30「集中学习」：按时 1，迟到 1，补签 0，请假 1，缺勤 4')
    expect(r).toContain('- 赵六：出勤 1/1（出勤率 100%，迟到 1，请假 0，缺勤 0），签到 1 天')
    expect((await w.chat.say(ADMIN, '/考勤 11-30 11-01')).text).toBe('开始日期 2026-11-30 晚于结束日期 2026-11-01。')
    expect((await w.chat.say(ADMIN, '/考勤 明年')).text).toContain('看不懂日期“明年”')
    const me = (await w.chat.say('zhangsan', '/我的')).text
    expect(me).toContain('本周：签到 1 天，集中学习 1/1 次')
    expect(me).toContain('积分：累计 3，本月 3 · 群内排名 第 1 名')
    expect(await checkedInUserids(w.deps.db, GROUP, '2026-W48')).toEqual(new Set(['zhangsan', 'zhaoliu']))
    expect(await checkedInUserids(w.deps.db, GROUP, '2026-W49')).toEqual(new Set())
    expect(await excusedUserids(w.deps.db, GROUP, '2026-11-23', '2026-11-29')).toEqual(new Set(['zhouba']))
    const summary = await attendanceSummary(w.deps.db, GROUP, '2026-11-23', '2026-11-29')
    expect(summary.find((m) => m.userid === 'zhouba')).toMatchObject({ name: '周八', sessions: 1, excused: 1, absent: 0, rate: 1 })
    expect(summary.find((m) => m.userid === 'lisi')).toMatchObject({ sessions: 1, absent: 1, rate: 0 })
  })

  it('/导出 考勤 本月: one row per member per session and a summary per member, cell by cell', async () => {
    w = await world(TUE_1930)
    await tuesday()
    const r = await w.chat.say(ADMIN, '/导出 考勤 本月')
    expect(r.text).toContain('考勤表已生成：2026-11-01 至 2026-11-30，1 次集中学习，7 人。')
    const file = r.messages.find((m) => m.type === 'file')
    expect(file).toMatchObject({ type: 'file', filename: '考勤_第一党支部_2026-11-01_2026-11-30.xlsx' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from((file as { base64: string }).base64, 'base64') as unknown as ArrayBuffer)
    const detail = wb.getWorksheet('考勤明细')!
    const rows = (detail.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1))
    expect(rows[0]).toEqual(['日期', '开始时间', '主题', '姓名', '账号', '状态', '签到时间'])
    expect(rows.slice(1)).toEqual([
      ['2026-11-24', '19:30', '集中学习', '李四', 'lisi', '缺勤'],
      ['2026-11-24', '19:30', '集中学习', '孙七', 'sunqi', '缺勤'],
      ['2026-11-24', '19:30', '集中学习', '王书记', 'wangshuji', '缺勤'],
      ['2026-11-24', '19:30', '集中学习', '王五', 'wangwu', '缺勤'],
      ['2026-11-24', '19:30', '集中学习', '张三', 'zhangsan', '按时', '2026-11-24 19:30'],
      ['2026-11-24', '19:30', '集中学习', '赵六', 'zhaoliu', '迟到', '2026-11-24 19:45'],
      ['2026-11-24', '19:30', '集中学习', '周八', 'zhouba', '请假'],
    ])
    const sum = wb.getWorksheet('成员汇总')!
    expect((sum.getRow(1).values as unknown[]).slice(1)).toEqual(['姓名', '账号', '集中学习次数', '按时', '迟到', '补签', '请假', '缺勤', '出勤率', '每日签到天数'])
    const byId = new Map<string, unknown[]>()
    sum.eachRow((row, n) => n > 1 && byId.set(String(row.getCell(2).value), (row.values as unknown[]).slice(1)))
    expect(byId.get('zhaoliu')).toEqual(['赵六', 'zhaoliu', 1, 0, 1, 0, 0, 0, 1, 1])
    expect(byId.get('zhouba')).toEqual(['周八', 'zhouba', 1, 0, 0, 0, 1, 0, 1, 0])
    expect(byId.get('lisi')).toEqual(['李四', 'lisi', 1, 0, 0, 0, 0, 1, 0, 0])
    expect(sum.getCell('I2').numFmt).toBe('0.0%')
    expect(byId.size).toBe(7)
  })
})
