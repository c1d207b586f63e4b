// Reads a question file (.xlsx, .csv or .json) into rows keyed by the template's column names,
// each with the row number a person sees (spreadsheet row; JSON: item number). Also writes the
// blank .xlsx template that /题库 模板 sends.
import { loadExcelJS } from '../files/exceljs.js'
import { COLUMNS, type Column, type RawRow } from './validate.js'

export interface FileRow {
  row: number
  data: RawRow
}
export type FileKind = 'xlsx' | 'csv' | 'json'

export class FileFormatError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'FileFormatError'
  }
}

const ALIASES: Record<string, Column> = {
  题型: '类型', 题目: '题干', 问题: '题干', 正确答案: '答案', 答案解析: '解析', 说明: '解析', 标签: '标签', 分类: '标签', 难度系数: '难度', 时限: '时限秒', '时限(秒)': '时限秒',
  a: '选项A', b: '选项B', c: '选项C', d: '选项D', e: '选项E', f: '选项F',
  type: '类型', stem: '题干', answer: '答案', explanation: '解析', tags: '标签', difficulty: '难度', timelimit: '时限秒',
}

function columnOf(header: string): Column | undefined {
  const h = header.normalize('NFKC').replace(/\s+/g, '')
  const exact = COLUMNS.find((c) => c.toLowerCase() === h.toLowerCase())
  return exact ?? ALIASES[h.toLowerCase()] ?? ALIASES[h]
}

/** By file name (.xlsx/.csv/.json) or, failing that, by content (zip magic, JSON bracket). */
export function kindOf(filename: string | undefined, bytes: Buffer): FileKind | undefined {
  const ext = filename?.toLowerCase().match(/\.(xlsx|csv|json)$/)?.[1]
  if (ext) return ext as FileKind
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') return 'xlsx'
  const head = bytes.subarray(0, 64).toString('utf8').replace(/^\ufeff/, '').trimStart()
  if (head.startsWith('[') || head.startsWith('{')) return 'json'
  return filename ? undefined : 'csv'
}

export async function readQuestionFile(kind: FileKind, bytes: Buffer): Promise<FileRow[]> {
  if (kind === 'json') return readJson(bytes)
  const table = kind === 'csv' ? parseCsv(bytes.toString('utf8').replace(/^\ufeff/, '')) : await readXlsx(bytes)
  const [header, ...body] = table
  if (!header) throw new FileFormatError('文件是空的')
  const cols = header.map((h) => columnOf(h))
  const missing = (['类型', '题干', '答案'] as const).filter((c) => !cols.includes(c))
  if (missing.length) throw new FileFormatError(`第 1 行缺少表头：${missing.join('、')}（请使用 /题库 模板）`)
  return body.map((cells, i) => {
    const data: RawRow = {}
    cols.forEach((c, j) => {
      if (c && cells[j] !== undefined) data[c] = cells[j]
    })
    return { row: i + 2, data }
  })
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const wb = new (await loadExcelJS()).Workbook()
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new FileFormatError('无法读取 .xlsx 文件（文件损坏或不是 Excel 格式）')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new FileFormatError('文件里没有工作表')
  const rows: string[][] = []
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= Math.max(row.cellCount, COLUMNS.length); c++) cells.push(row.getCell(c).text ?? '')
    rows.push(cells)
  }
  return rows
}

/** RFC 4180 CSV: quoted fields with "" escapes and newlines, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') row.push(field), (field = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field), rows.push(row), (row = []), (field = '')
    } else field += ch
  }
  if (field !== '' || row.length) row.push(field), rows.push(row)
  return rows
}

function readJson(bytes: Buffer): FileRow[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8').replace(/^\ufeff/, ''))
  } catch {
    throw new FileFormatError('JSON 格式有误，无法解析')
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { questions?: unknown })?.questions
  if (!Array.isArray(list)) throw new FileFormatError('JSON 应为题目数组，或 {"questions": [...]}')
  return list.map((item, i) => {
    const data: RawRow = {}
    if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        if ((k === 'options' || k === '选项') && Array.isArray(v)) v.forEach((o, j) => j < 6 && (data[`选项${'ABCDEF'[j]}` as Column] = String(o)))
        else {
          const c = columnOf(k)
          if (c && v !== null && v !== undefined) data[c] = Array.isArray(v) ? v.join(',') : String(v)
        }
      }
    }
    return { row: i + 1, data }
  })
}

/** The blank template: the columns on the first sheet, instructions and one example per type on the second. */
export async function templateXlsx(): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook()
  const sheet = wb.addWorksheet('题目')
  sheet.addRow([...COLUMNS])
  sheet.getRow(1).font = { bold: true }
  sheet.columns.forEach((c, i) => (c.width = i === 1 ? 40 : i === 9 ? 30 : 12))
  const help = wb.addWorksheet('填写说明')
  for (const line of TEMPLATE_HELP) help.addRow(line)
  help.getColumn(1).width = 16
  help.getColumn(2).width = 80
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const TEMPLATE_HELP: string[][] = [
  ['列', '说明'],
  ['类型', '单选 / 多选 / 判断 / 填空（必填）'],
  ['题干', '题目内容，最多 500 字（必填）'],
  ['选项A–F', '选择题至少两个选项，从 A 开始连续填写；判断题、填空题不填'],
  ['答案', '单选填一个字母（B）；多选填多个字母（ACD）；判断填 对 或 错；填空填答案文字，多个可接受答案用 | 分隔'],
  ['解析', '答题后展示的解析（建议填写）'],
  ['标签', '多个标签用逗号或顿号分隔，如 历史，文化'],
  ['难度', '1–5 或 易/中/难，不填为 3'],
  ['时限秒', '每题作答时限（秒，5–600），不填按题型默认：单选 30、多选 45、判断 20、填空 60'],
  [],
  ['示例', '单选 | 《论语》是哪家学派的经典？ | 儒家 | 道家 | 法家 | 墨家 | 答案 A'],
  ['示例', '多选 | 以下属于“四大发明”的有 | 造纸术 | 指南针 | 丝绸 | 火药 | 答案 ABD'],
  ['示例', '判断 | 水的沸点在标准大气压下是 100 摄氏度 | 答案 对'],
  ['示例', '填空 | 我国古代四大名著中，作者为曹雪芹的是《____》 | 答案 红楼梦'],
]
