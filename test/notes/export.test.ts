// /导出 笔记: the archive as .xlsx (opened and read back cell by cell) and as escaped HTML.
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutMessage } from '../../src/wecom/types.js'
import { Chat } from '../support/chat.js'
import type { TestDeps } from '../support/test-deps.js'
import { COPIED_A, HONEST_A, HONEST_B, HONEST_C } from './fixtures.js'
import { noteIdIn, notesWorld } from './support.js'

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  ;({ deps, chat } = await notesWorld())
})
afterEach(() => deps.dbh.drop())

const HOSTILE = `<script>alert("x")</script> & '引号' <b>加粗</b>\n${HONEST_C}`

const OTHER_GROUP_NOTE = '今天参加了党小组的集中学习，大家围绕如何为群众办实事展开讨论，我发言谈了窗口服务中的三点改进想法。'

function files(messages: OutMessage[]): { filename: string; bytes: Buffer }[] {
  return messages.flatMap((m) => (m.type === 'file' ? [{ filename: m.filename, bytes: Buffer.from(m.base64, 'base64') }] : []))
}

async function seedNotes(): Promise<{ a: number; b: number; c: number }> {
  const a = noteIdIn((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text)
  deps.clock.advanceMinutes(5)
  const b = noteIdIn((await chat.say('lisi', `/笔记 ${HONEST_B}`)).text)
  deps.clock.advanceMinutes(5)
  const c = noteIdIn((await chat.say('zhouqi', `/笔记 ${HOSTILE}`)).text)
  deps.clock.advanceMinutes(5)
  await chat.say('wangwu', `/笔记 ${COPIED_A}`) // flagged: not in the archive
  const other = await chat.say('zhangsan', `/笔记 ${OTHER_GROUP_NOTE}`, { chat: 'wr-other' }) // another group, no assignment
  expect(other.text).toContain('积分：+3')
  await chat.say('wangshuji', `/精选 ${c}`)
  await chat.say('lisi', `/赞 ${a}`)
  return { a, b, c }
}

describe('notes archive export', () => {
  it('an admin gets the workbook (notes + member summary) and the HTML document', async () => {
    const { a, b, c } = await seedNotes()
    const r = await chat.say('wangshuji', '/导出 笔记 本月')
    expect(r.text).toContain('📚 学习笔记档案（2026-11-01 至 2026-11-30）：3 篇笔记，3 位成员。')
    const [xlsx, html] = files(r.messages)
    expect(xlsx!.filename).toBe('学习笔记档案_2026-11-01_2026-11-30.xlsx')
    expect(html!.filename).toBe('学习笔记档案_2026-11-01_2026-11-30.html')

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx!.bytes as unknown as ArrayBuffer)
    const notes = wb.getWorksheet('笔记')!
    expect(notes.getRow(1).values).toEqual([undefined, '编号', '提交时间', '成员', '账号', '群', '学习任务', '字数', '点赞', '优秀笔记', '内容'])
    expect(notes.rowCount).toBe(4)
    expect(notes.getRow(2).values).toEqual([undefined, a, '2026-11-23 09:00', '张三', 'zhangsan', 'wr-dyzb', '调查研究是谋事之基', 310, 1, '', HONEST_A])
    expect(notes.getRow(3).values).toEqual([undefined, b, '2026-11-23 09:05', '李四', 'lisi', 'wr-dyzb', '调查研究是谋事之基', 289, 0, '', HONEST_B])
    const row4 = notes.getRow(4)
    expect(row4.getCell(1).value).toBe(c)
    expect(row4.getCell(3).value).toBe('周七')
    expect(row4.getCell(9).value).toBe('是')
    expect(row4.getCell(10).value).toBe(HOSTILE)
    const summary = wb.getWorksheet('成员汇总')!
    expect(summary.getRow(1).values).toEqual([undefined, '成员', '账号', '笔记篇数', '总字数', '优秀笔记', '获赞'])
    const people = [2, 3, 4].map((i) => summary.getRow(i).values)
    expect(people).toEqual([
      [undefined, '张三', 'zhangsan', 1, 310, 0, 1],
      [undefined, '李四', 'lisi', 1, 289, 0, 0],
      [undefined, '周七', 'zhouqi', 1, Number(row4.getCell(7).value), 1, 0],
    ])

    const doc = html!.bytes.toString('utf8')
    expect(doc.startsWith('<!doctype html>')).toBe(true)
    expect(doc).toContain('<title>学习笔记档案（2026-11-01 至 2026-11-30）</title>')
    expect(doc).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;引号&#39; &lt;b&gt;加粗&lt;/b&gt;')
    expect(doc).not.toContain('<script')
    expect(doc).not.toContain('<b>')
    // grouped by member: each member's section holds their notes
    const sections = doc.split('<section>').slice(1)
    expect(sections.map((s) => /<h2>(.*?)<\/h2>/.exec(s)![1])).toEqual(['张三', '李四', '周七'])
    expect(sections[0]).toContain(`id="note-${a}"`)
    expect(sections[0]).toContain('我在社区服务中心工作')
    expect(sections[1]).toContain(`id="note-${b}"`)
    expect(sections[2]).toContain('🌟优秀笔记')
    expect(doc).not.toContain('街道便民服务中心') // the flagged copy is not archived
  })

  it('in a group it exports that group only; dates and ranges are checked', async () => {
    await seedNotes()
    const other = await chat.say('wangshuji', '/导出 笔记 2026-11-01 2026-11-30', { chat: 'wr-other' })
    expect(other.text).toContain('1 篇笔记，1 位成员')
    expect((await chat.say('wangshuji', '/导出 笔记 11-23~11-23')).text).toContain('（2026-11-23 至 2026-11-23）：3 篇笔记')
    expect((await chat.say('wangshuji', '/导出 笔记 2026-10-01 2026-10-31')).text).toBe('2026-10-01 至 2026-10-31 没有已通过的笔记。')
    expect((await chat.say('wangshuji', '/导出 笔记 2026-11-30 2026-11-01')).text).toContain('开始日期（2026-11-30）不能晚于结束日期（2026-11-01）')
    expect((await chat.say('wangshuji', '/导出 笔记 随便')).text).toContain('请写 本月、本年，或起止日期')
    expect((await chat.say('lisi', '/导出 笔记 本月')).text).toContain('只有管理员')
    const year = await chat.private_('wangshuji', '/导出 笔记 本年')
    expect(year.text).toContain('（2026-01-01 至 2026-12-31）：4 篇笔记')
    expect(files(year.messages)).toHaveLength(2)
  })
})
