import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/create-db.js'
import { downloadFile } from '../../src/quiz/download.js'
import { importQuestionFile } from '../../src/quiz/import-file.js'
import { readQuestionFile, templateXlsx } from '../../src/quiz/read-file.js'
import { seedSampleBank, sampleBank } from '../../src/quiz/seed.js'
import { COLUMNS } from '../../src/quiz/validate.js'
import { decodeAesKey, encryptFile } from '../../src/wecom/crypto.js'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.dbh.drop())

const HEADER = COLUMNS.join(',')
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n'))
const GOOD = [
  '单选,《论语》是哪家学派的经典？,儒家,道家,法家,墨家,,,A,儒家经典,文化,2,',
  '多选,以下属于四大发明的有,造纸术,丝绸,火药,指南针,,,ACD,,历史、科学,中,',
  '判断,声音可以在真空中传播,,,,,,,错,需要介质,科学,,',
  '填空,水的化学式是____,,,,,,,H2O|H₂O,,科学,易,90',
]
const importCsv = (bytes: Buffer) => importQuestionFile(deps.db, { filename: 'bank.csv', bytes }, { now: deps.clock.now(), source: 'test' })
const questions = () => deps.db.selectFrom('quiz_questions').select(['type', 'stem', 'options', 'answer', 'tags', 'difficulty', 'time_limit']).orderBy('id').execute()

describe('validation', () => {
  it('imports each type with its answer, tags, difficulty and time limit', async () => {
    const r = await importCsv(csv(...GOOD))
    expect(r).toMatchObject({ total: 4, imported: 4, duplicates: [], problems: [] })
    expect(await questions()).toEqual([
      { type: 'single', stem: '《论语》是哪家学派的经典？', options: '["儒家","道家","法家","墨家"]', answer: 'A', tags: ',文化,', difficulty: 2, time_limit: 30 },
      { type: 'multi', stem: '以下属于四大发明的有', options: '["造纸术","丝绸","火药","指南针"]', answer: 'ACD', tags: ',历史,科学,', difficulty: 3, time_limit: 45 },
      { type: 'judge', stem: '声音可以在真空中传播', options: '["对","错"]', answer: 'B', tags: ',科学,', difficulty: 3, time_limit: 20 },
      { type: 'fill', stem: '水的化学式是____', options: '[]', answer: 'H2O|H₂O', tags: ',科学,', difficulty: 1, time_limit: 90 },
    ])
  })

  it('reports every bad row with its row number and reasons; good rows are imported, bad ones are not', async () => {
    const r = await importCsv(
      csv(
        GOOD[0]!,
        '问答,什么是学习？,,,,,,,学习,,,,', // row 3
        '单选,,甲,乙,,,,,A,,,,', // row 4
        '单选,只有一个选项的题,甲,,,,,,A,,,,', // row 5
        '单选,答案越界,甲,乙,,,,,C,,,,', // row 6
        '单选,两个答案的单选题,甲,乙,丙,,,,AB,,,,', // row 7
        '多选,一个答案的多选题,甲,乙,丙,,,,A,,,,', // row 8
        '判断,判断题答案不对,,,,,,,也许,,,,', // row 9
        '填空,没有答案的填空题,,,,,,,,,,,', // row 10
        '单选,选项中间有空,甲,,丙,,,,A,,,,', // row 11
        '单选,难度不对,甲,乙,,,,,A,,,很难,', // row 12
        ',,,,,,,,,,,,', // row 13: blank, skipped silently
        '单选,时限不对,甲,乙,,,,,A,,,,3', // row 14
      ),
    )
    expect(r.imported).toBe(1)
    expect(r.total).toBe(12)
    expect(r.problems).toEqual([
      { row: 3, reasons: ['类型“问答”无效，应为 单选/多选/判断/填空'] },
      { row: 4, reasons: ['缺少题干'] },
      { row: 5, reasons: ['选择题至少需要两个选项'] },
      { row: 6, reasons: ['答案 C 没有对应的选项'] },
      { row: 7, reasons: ['单选题的答案只能有一个选项'] },
      { row: 8, reasons: ['多选题的答案至少要有两个选项'] },
      { row: 9, reasons: ['判断题答案“也许”应为 对 或 错'] },
      { row: 10, reasons: ['缺少答案'] },
      { row: 11, reasons: ['选项不连续（中间有空选项）'] },
      { row: 12, reasons: ['难度“很难”应为 1–5 或 易/中/难'] },
      { row: 14, reasons: ['时限“3”应为 5–600 的整数（秒）'] },
    ])
    expect(await questions()).toHaveLength(1)
  })

  it('a file without the template header is refused as a whole', async () => {
    await expect(importCsv(Buffer.from('a,b,c\n1,2,3'))).rejects.toMatchObject({ code: 'bank.badFile' })
    await expect(importQuestionFile(deps.db, { filename: 'x.json', bytes: Buffer.from('{oops') }, { now: deps.clock.now(), source: 't' })).rejects.toMatchObject({ code: 'bank.badFile' })
    await expect(importQuestionFile(deps.db, { filename: 'x.docx', bytes: Buffer.from('x') }, { now: deps.clock.now(), source: 't' })).rejects.toMatchObject({ code: 'bank.unknownKind' })
  })
})

describe('duplicates', () => {
  it('re-importing the same file adds nothing', async () => {
    await importCsv(csv(...GOOD))
    const again = await importCsv(csv(...GOOD))
    expect(again.imported).toBe(0)
    expect(again.duplicates.map((d) => d.row)).toEqual([2, 3, 4, 5])
    expect(again.duplicates[0]!.reasons[0]).toMatch(/题库中已有相同或几乎相同的题目（#\d+）/)
    expect(await questions()).toHaveLength(4)
  })

  it('catches near-identical stems (spacing, punctuation, full width, a tiny edit) but keeps different questions', async () => {
    await importCsv(csv(...GOOD))
    const r = await importCsv(
      csv(
        '单选,《论语》 是哪家学派的经典 ?,儒家,道家,法家,墨家,,,A,,,,', // spacing + half-width ?
        '判断,声音可以在真空之中传播。,,,,,,,错,,,,', // one character added
        '填空,水的化学式是 ＿＿,,,,,,,Ｈ２Ｏ,,,,', // full width
        '单选,《孟子》是哪家学派的经典？,儒家,道家,法家,墨家,,,A,,,,', // a different question: two characters changed
        '判断,声音可以在空气中传播,,,,,,,对,,,,', // a different fact, different answer
      ),
    )
    expect(r.duplicates.map((d) => d.row)).toEqual([2, 3, 4])
    expect(r.imported).toBe(2)
  })

  it('duplicates inside one file are reported against the earlier row', async () => {
    const r = await importCsv(csv(GOOD[0]!, GOOD[0]!.replace('？', '?')))
    expect(r.imported).toBe(1)
    expect(r.duplicates).toEqual([{ row: 3, reasons: ['与第 2 行重复'] }])
  })
})

describe('file formats', () => {
  it('reads .xlsx written from the template, .csv with quotes and a BOM, and .json', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await templateXlsx()) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['题目', '填写说明'])
    expect((wb.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual([...COLUMNS])
    expect(wb.worksheets[0]!.rowCount).toBe(1) // blank
    wb.worksheets[0]!.addRow(['单选', '《论语》是哪家学派的经典？', '儒家', '道家', '法家', '墨家', '', '', 'A', '儒家经典', '文化', 2])
    wb.worksheets[0]!.addRow(['判断', '月球本身会发光', '', '', '', '', '', '', '错'])
    wb.worksheets[0]!.addRow(['多选', '只有一个选项', '甲'])
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer())
    const rx = await importQuestionFile(deps.db, { filename: '题库.xlsx', bytes: xlsx }, { now: deps.clock.now(), source: 't' })
    expect(rx.problems).toEqual([{ row: 4, reasons: ['缺少答案', '选择题至少需要两个选项'] }])
    expect(rx.imported).toBe(2)

    const quoted = Buffer.concat([Buffer.from('\ufeff'), csv('单选,"题干里有逗号, 还有""引号""以及\n换行",甲,乙,,,,,B,,,,')])
    expect((await readQuestionFile('csv', quoted))[0]!.data.题干).toBe('题干里有逗号, 还有"引号"以及\n换行')
    expect((await importCsv(quoted)).imported).toBe(1)

    const json = Buffer.from(JSON.stringify([{ 类型: '填空', 题干: '《红楼梦》的作者是____', 答案: '曹雪芹' }, { type: 'single', stem: '英文键名也可以', options: ['甲', '乙'], answer: 'b' }, { 类型: '单选' }]))
    const rj = await importQuestionFile(deps.db, { filename: 'q.json', bytes: json }, { now: deps.clock.now(), source: 't' })
    expect(rj).toMatchObject({ imported: 2, problems: [{ row: 3, reasons: ['缺少题干', '缺少答案', '选择题至少需要两个选项'] }] })
  })

  it('the sample bank has 60+ good questions of all four types and seeds once', async () => {
    expect(sampleBank.length).toBeGreaterThanOrEqual(60)
    const first = await seedSampleBank(deps)
    expect(first.problems).toEqual([])
    expect(first.duplicates).toEqual([])
    expect(first.imported).toBe(sampleBank.length)
    const types = await deps.db.selectFrom('quiz_questions').select(['type', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('type').orderBy('type').execute()
    expect(types.map((t) => t.type)).toEqual(['fill', 'judge', 'multi', 'single'])
    expect(await deps.db.selectFrom('quiz_questions').select('id').where('explanation', '=', '').execute()).toEqual([])
    expect((await seedSampleBank(deps)).imported).toBe(0)
  })
})

describe('import by chat', () => {
  let server: Server
  let served: Buffer
  let base: string
  beforeEach(async () => {
    server = createServer((_req, res) => res.end(served))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(() => new Promise<void>((r) => server.close(() => r())))

  const sendFile = (chat: Chat, userid: string, file: { url: string; aeskey?: string; filename: string }) =>
    chat.deliver({ msgid: `f-${Math.random()}`, via: 'bot', chat: { id: userid, type: 'single' }, userid, text: '', kind: 'file', file: { kind: 'file', ...file }, raw: '' })

  it('/题库 导入 then the file (encrypted with the callback key) imports and reports', async () => {
    const chat = new Chat(deps)
    expect((await chat.say('wangshuji', '/题库 导入')).text).toContain('请在与我的私聊中使用')
    expect((await chat.private_('zhangsan', '/题库 导入')).text).toContain('只有管理员可以使用')
    expect((await chat.private_('wangshuji', '/题库 导入')).text).toContain('请在 10 分钟内把题库文件')
    served = encryptFile(decodeAesKey(deps.config.bot.aesKey!), csv(GOOD[0]!, '单选,,甲,乙,,,,,A,,,,'))
    const r = await sendFile(chat, 'wangshuji', { url: `${base}/f1`, filename: 'bank.csv' })
    expect(r.text).toContain('**导入完成**：共 2 行，导入 1 题，重复跳过 0 题，有误 1 行。')
    expect(r.text).toContain('- 第 3 行：缺少题干')
    expect(await questions()).toHaveLength(1)
    // The next file without /题库 导入 first is not imported.
    expect((await sendFile(chat, 'wangshuji', { url: `${base}/f1`, filename: 'bank.csv' })).text).toContain('暂不支持这种消息')
  })

  it('long-connection files carry their own aeskey; a broken download is reported and changes nothing', async () => {
    const chat = new Chat(deps)
    const key = randomBytes(32)
    served = encryptFile(key, csv(...GOOD))
    await chat.private_('wangshuji', '/题库 导入')
    expect((await sendFile(chat, 'wangshuji', { url: `${base}/f2`, aeskey: key.toString('base64'), filename: 'bank.csv' })).text).toContain('导入 4 题')
    await chat.private_('wangshuji', '/题库 导入')
    served = Buffer.from('not encrypted at all')
    expect((await sendFile(chat, 'wangshuji', { url: `${base}/f3`, aeskey: key.toString('base64'), filename: 'b.csv' })).text).toBe('文件下载或解密失败，请重新发送。')
    expect(await questions()).toHaveLength(4)
  })

  it('downloadFile takes an injected fetcher', async () => {
    const key = randomBytes(32)
    const bytes = await downloadFile({ kind: 'file', url: 'x://y', aeskey: key.toString('base64') }, undefined, async () => encryptFile(key, Buffer.from('你好')))
    expect(bytes.toString()).toBe('你好')
  })

  it('/题库 模板 sends the .xlsx; /题库 shows counts and tags', async () => {
    const chat = new Chat(deps)
    const r = await chat.private_('wangshuji', '/题库 模板')
    const file = r.messages.find((m) => m.type === 'file')
    expect(file).toMatchObject({ type: 'file', filename: '题库导入模板.xlsx' })
    expect(Buffer.from((file as { base64: string }).base64, 'base64').subarray(0, 2).toString()).toBe('PK')
    await importCsv(csv(...GOOD))
    expect((await chat.say('zhangsan', '/题库')).text).toContain('共 4 题（单选 1、多选 1、判断 1、填空 1）\n标签：科学（3）、历史（1）、文化（1）')
  })
})

describe('npm run import-questions', () => {
  it('imports a file into the configured database and prints the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quiz-cli-'))
    const file = join(dir, 'bank.csv')
    writeFileSync(file, csv(...GOOD, '判断,坏行,,,,,,,也许,,,,'))
    const url = `sqlite:${join(dir, 'cli.db')}`
    const run = () =>
      new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile('npx', ['tsx', 'src/cli/import-questions.ts', file], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' } }, (err, stdout) => resolve({ code: err ? Number(err.code) : 0, stdout })),
      )
    const first = await run()
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('导入完成：共 5 行，导入 4 题，重复跳过 0 题，有误 1 行。')
    expect(first.stdout).toContain('第 6 行：判断题答案“也许”应为 对 或 错')
    expect((await run()).stdout).toContain('导入 0 题，重复跳过 4 题')
    const db = createDb(url) // the CLI always wrote to this SQLite file, whatever the suite runs on
    expect(await db.db.selectFrom('quiz_questions').select('id').execute()).toHaveLength(4)
    await db.close()
  }, 60_000)
})
