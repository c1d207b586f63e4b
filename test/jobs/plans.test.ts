// The study plan: import from a file (chat and sample CSV), publish by command, preview next week.
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fetchPlanUpload } from '../../commands/task-import.js'
import { setRestDay } from '../../src/calendar/calendar.js'
import { assignmentsOfWeek } from '../../src/plans/assignments.js'
import { readPlanFile, validatePlan } from '../../src/plans/plan-file.js'
import { samplePlanPath, seedSamplePlan } from '../../src/plans/sample-plan.js'
import { reminderItems } from '../../src/digest/reminders.js'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { testConfig } from '../support/test-config.js'
import { G1, G2, seedGroups, TZ } from './helpers.js'

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps() // Mon 2026-11-23 09:00
  chat = new Chat(deps)
  await seedGroups(deps.db)
})
afterEach(() => deps.dbh.drop())

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('学习计划')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('study plan', () => {
  it('/任务 导入 takes the next file; a file with problems writes nothing', async () => {
    let bytes = await xlsx([['周次', '群', '标题', '阅读材料', '心得字数', '题库标签'], ['2026-W49', '全部', '保密知识', '学习保密要求', 200, '保密'], ['2026-W49', '第九支部', '专题', '', 100, ''], ['下下月', '', '无效周', '', '', '']])
    fetchPlanUpload.current = async () => bytes
    expect((await chat.private_('wangshuji', '/任务 导入')).text).toContain('请直接发送学习计划文件')
    const file = { kind: 'file' as const, url: 'http://127.0.0.1:9/plan.xlsx', filename: '计划.xlsx' }
    const refused = await chat.deliver({ msgid: 'f1', via: 'bot', chat: { id: 'wangshuji', type: 'single' }, userid: 'wangshuji', text: '', kind: 'file', file, raw: '' })
    expect(refused.text).toContain('学习计划有 2 处问题，没有导入任何内容')
    expect(refused.text).toContain('第 3 行：找不到群“第九支部”')
    expect(refused.text).toContain('第 4 行：周次“下下月”无法识别')
    expect(await assignmentsOfWeek(deps.db, '2026-W49')).toEqual([])

    bytes = await xlsx([['周次', '群', '标题', '阅读材料', '心得字数', '题库标签'], ['2026-W49', '全部', '保密知识', '学习保密要求', 200, '保密'], ['2026-W49', '第二党支部', '遵义会议', 'https://example.org/zunyi', 300, '党史,遵义']])
    await chat.private_('wangshuji', '/任务 导入')
    const done = await chat.deliver({ msgid: 'f2', via: 'bot', chat: { id: 'wangshuji', type: 'single' }, userid: 'wangshuji', text: '', kind: 'file', file, raw: '' })
    expect(done.text).toContain('学习计划已导入：新增 2 条，更新 0 条')
    const rows = await assignmentsOfWeek(deps.db, '2026-W49')
    expect(rows.map((r) => [r.chat_id, r.title, r.material, r.link, r.note_min, r.quiz_tags])).toEqual([
      ['*', '保密知识', '学习保密要求', null, 200, '保密'],
      [G2, '遵义会议', '', 'https://example.org/zunyi', 300, '党史,遵义'],
    ])
  })

  it('/任务 发布 writes one week’s assignment for the current group', async () => {
    const r = await chat.say('wangshuji', '/任务 发布 下周 学习党章总纲\n阅读：认真学习党章总纲部分\n心得：300\n题库：党章', { chat: G1 })
    expect(r.text).toBe('已发布 2026-W49 的学习任务（第一党支部）：学习党章总纲，心得不少于 300 字。周一会按时推送。')
    const [a] = await assignmentsOfWeek(deps.db, '2026-W49')
    expect(a).toMatchObject({ chat_id: G1, material: '认真学习党章总纲部分', note_min: 300, quiz_tags: '党章', due_at: '2026-12-06T12:00:00.000Z' })
    expect((await chat.say('wangshuji', '/任务 发布 下周 标题\n随便写写', { chat: G1 })).text).toContain('看不懂这一行')
    expect((await chat.say('zhangsan', '/任务 发布 下周 标题', { chat: G1 })).text).toContain('只有管理员可以使用')
  })

  it('/任务 预览 shows next week with rest days and holidays applied', async () => {
    await chat.say('wangshuji', '/任务 发布 下周 学习党章总纲\n心得：300\n群：全部', { chat: G1 })
    await setRestDay(deps.db, G2, '2026-11-30', 'rest', { userid: 'wangshuji', at: '2026-11-23T00:00:00Z' })
    await setRestDay(deps.db, G1, '2026-12-03', 'rest', { userid: 'wangshuji', at: '2026-11-23T00:00:00Z' })
    const r = await chat.private_('wangshuji', '/任务 预览')
    expect(r.text).toContain('**2026-W49 定时推送预览**')
    expect(r.text).toContain('- 11月30日 周一 08:00 管理员周报（私聊发给 1 位管理员）')
    expect(r.text).toContain('**第一党支部**\n- 11月30日 周一 09:00 学习任务卡片：学习党章总纲（心得不少于 300 字）\n- 12月3日 周四 19:00 休息日，不提醒\n- 12月6日 周日 20:00 本周排行和支部评比')
    expect(r.text).toContain('**第二党支部**\n- 12月1日 周二 09:00 学习任务卡片：学习党章总纲（2026-11-30 是休息日，顺延）\n- 12月3日 周四 19:00 提醒未完成的成员')
  })

  it('the sample plan imports cleanly and is shifted around now', async () => {
    const rows = await readPlanFile(readFileSync(samplePlanPath()), 'sample-plan.csv')
    expect((await validatePlan(deps.db, rows, deps.clock.now(), TZ)).problems).toEqual([])
    deps.clock.set('2027-03-01T01:00:00Z') // Mon 2027-W09
    expect(await seedSamplePlan({ db: deps.db, config: deps.config, now: deps.clock.now() })).toBe(rows.length)
    expect((await assignmentsOfWeek(deps.db, '2027-W09')).map((a) => a.title)).toEqual(['学习党史：新民主主义革命时期', '学习党史：遵义会议专题'])
  })
})

describe('reminders', () => {
  it('@ only members behind, skip those on leave, escalate after weeks in a row', async () => {
    deps.config = testConfig({ REMINDER_PRIVATE_AFTER_WEEKS: '2', REMINDER_ADMINS_AFTER_WEEKS: '3' })
    await deps.db.insertInto('att_checkins').values({ chat_id: G1, userid: 'zhangsan', day: '2026-11-24', at: '2026-11-24T01:00:00Z', note: null, source: 'self' }).execute()
    await deps.db
      .insertInto('att_leaves')
      .values({ chat_id: G1, userid: 'zhouba', session_id: null, from_day: '2026-11-23', to_day: '2026-11-27', reason: '住院', status: 'approved', requested_at: '2026-11-22T00:00:00Z', decided_by: 'wangshuji', decided_at: '2026-11-22T00:00:00Z', decision_note: null })
      .execute()
    // lisi also missed the two weeks before (wangwu signed in last week).
    await deps.db.insertInto('att_checkins').values({ chat_id: G1, userid: 'wangwu', day: '2026-11-17', at: '2026-11-17T01:00:00Z', note: null, source: 'self' }).execute()
    const items = await reminderItems(deps.db, deps.config, G1, '2026-W48', new Date('2026-11-26T11:00:00Z'))
    const group = items.find((i) => i.key === `reminder:2026-W48:${G1}`)!
    expect(group.message).toMatchObject({ type: 'text', mentions: ['lisi', 'wangshuji', 'wangwu'] })
    expect((group.message as { content: string }).content).toContain('lisi：签到')
    expect((group.message as { content: string }).content).not.toContain('zhouba')
    const keys = items.map((i) => i.key).sort()
    expect(keys).toEqual([
      `reminder-admins:2026-W48:${G1}:wangshuji`,
      `reminder-private:2026-W48:${G1}:lisi`,
      `reminder-private:2026-W48:${G1}:wangshuji`,
      `reminder:2026-W48:${G1}`,
    ])
  })

  it('does not count the weeks before a member joined as weeks behind', async () => {
    deps.config = testConfig({ REMINDER_PRIVATE_AFTER_WEEKS: '2', REMINDER_ADMINS_AFTER_WEEKS: '3' })
    await deps.db.insertInto('users').values({ userid: 'xinren', name: '新人', first_seen_at: '2026-11-24T02:00:00Z' }).execute()
    await deps.db.insertInto('memberships').values({ chat_id: G1, userid: 'xinren', role: 'member', joined_at: '2026-11-24T02:00:00Z', left_at: null }).execute()
    const items = await reminderItems(deps.db, deps.config, G1, '2026-W48', new Date('2026-11-26T11:00:00Z'))
    expect((items.find((i) => i.key === `reminder:2026-W48:${G1}`)!.message as { mentions: string[] }).mentions).toContain('xinren')
    expect(items.map((i) => i.key)).not.toContain(`reminder-private:2026-W48:${G1}:xinren`)
    const admins = items.find((i) => i.key.startsWith('reminder-admins:'))!.message as { content: string }
    expect(admins.content).not.toContain('新人')
  })
})
