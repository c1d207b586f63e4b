// The study plan file (学习计划): .xlsx or .csv, one row per week and group. Columns (Chinese or
// English headers): 周次/week, 群/group (a group name, or 全部/all/empty for every group),
// 标题/title, 阅读材料/reading (text or a link), 心得字数/note_min, 题库标签/quiz_tags, 截止/due (optional).
import { loadExcelJS } from '../files/exceljs.js'
import { DateTime } from 'luxon'
import { parseDate, parseTime } from '../bot/args.js'
import type { DbOrTrx } from '../deps.js'
import { groupByName } from '../groups/groups.js'
import { ALL_GROUPS, upsertAssignment, type AssignmentInput } from './assignments.js'
import { defaultDue, parseWeek, weekStart } from './weeks.js'

export type PlanField = 'week' | 'group' | 'title' | 'reading' | 'noteMin' | 'quizTags' | 'due'

const HEADERS: Record<PlanField, string[]> = {
  week: ['周次', '周', '学习周', 'week'],
  group: ['群', '支部', '群组', '范围', 'group'],
  title: ['标题', '主题', '学习内容', 'title'],
  reading: ['阅读材料', '阅读', '材料', '链接', 'reading', 'link', 'material'],
  noteMin: ['心得字数', '字数', '笔记字数', '心得要求', 'note_min', 'note minimum'],
  quizTags: ['题库标签', '题目标签', '标签', 'quiz_tags', 'tags'],
  due: ['截止', '截止时间', 'due'],
}
const ALL_WORDS = new Set(['', '全部', '所有', '全体', 'all', '*'])

export interface PlanProblem {
  /** 1-based line/row in the file */
  line: number
  problem: string
}

export type PlanRow = Partial<Record<PlanField, string>> & { line: number }

/** Splits CSV text (RFC 4180 quotes, commas or tabs, BOM tolerated) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '')
  const sep = (src.split(/\r?\n/, 1)[0] ?? '').includes('\t') && !src.split(/\r?\n/, 1)[0]!.includes(',') ? '\t' : ','
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === sep) row.push(cell), (cell = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      row.push(cell), rows.push(row), (row = []), (cell = '')
    } else cell += ch
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row)
  return rows.filter((r) => r.some((c) => c.trim() !== ''))
}

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const wb = new (await loadExcelJS()).Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = wb.worksheets[0]
  if (!sheet) return []
  const out: string[][] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text.trim())
    out.push(cells)
  })
  return out
}

const isXlsx = (bytes: Buffer, filename?: string) => bytes.subarray(0, 2).toString('latin1') === 'PK' || /\.xlsx$/i.test(filename ?? '')

/** Reads the rows of a plan file, mapping headers to fields. Throws PlanFileError without a usable header. */
export async function readPlanFile(bytes: Buffer, filename?: string): Promise<PlanRow[]> {
  const table = isXlsx(bytes, filename) ? await xlsxRows(bytes) : parseCsv(bytes.toString('utf8'))
  const header = table[0]?.map((h) => h.trim().toLowerCase()) ?? []
  const index = new Map<PlanField, number>()
  for (const [field, names] of Object.entries(HEADERS) as [PlanField, string[]][]) {
    const i = header.findIndex((h) => names.includes(h))
    if (i >= 0) index.set(field, i)
  }
  if (!index.has('week') || !index.has('title')) throw new PlanFileError()
  return table.slice(1).map((cells, i) => {
    const row: PlanRow = { line: i + 2 }
    for (const [field, col] of index) row[field] = (cells[col] ?? '').trim()
    return row
  })
}

export class PlanFileError extends Error {
  constructor() {
    super('plan file needs a header row with at least 周次 and 标题')
  }
}

/** Checks every row; returns the assignments to write and every problem found (nothing is written here). */
export async function validatePlan(db: DbOrTrx, rows: PlanRow[], now: Date, tz: string): Promise<{ items: AssignmentInput[]; problems: PlanProblem[] }> {
  const items: AssignmentInput[] = []
  const problems: PlanProblem[] = []
  const seen = new Set<string>()
  for (const r of rows) {
    const fail = (problem: string) => problems.push({ line: r.line, problem })
    const week = parseWeek(r.week ?? '', now, tz)
    if (!week) {
      fail(`周次“${r.week ?? ''}”无法识别（例如 2026-W48 或 2026-11-23）`)
      continue
    }
    const title = (r.title ?? '').trim()
    if (!title || [...title].length > 100) {
      fail(title ? '标题超过 100 字' : '缺少标题')
      continue
    }
    let chatId = ALL_GROUPS
    if (!ALL_WORDS.has((r.group ?? '').toLowerCase())) {
      const g = await groupByName(db, r.group!)
      if (!g) {
        fail(`找不到群“${r.group}”（先在群里用 /群 命名 起名）`)
        continue
      }
      chatId = g.chat_id
    }
    const noteText = (r.noteMin ?? '').replace(/字$/, '').trim()
    const noteMin = noteText === '' ? 0 : Number(noteText)
    if (!Number.isInteger(noteMin) || noteMin < 0 || noteMin > 10000) {
      fail(`心得字数“${r.noteMin}”应为 0–10000 的整数`)
      continue
    }
    const due = parseDue(r.due ?? '', week, now, tz)
    if (due === null) {
      fail(`截止时间“${r.due}”无法识别（例如 2026-11-29 20:00）`)
      continue
    }
    const key = `${week}|${chatId}`
    if (seen.has(key)) {
      fail(`${week} 的同一范围出现了两次`)
      continue
    }
    seen.add(key)
    const reading = (r.reading ?? '').trim()
    const isLink = /^https?:\/\/\S+$/i.test(reading)
    const quizTags = (r.quizTags ?? '').split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean)
    items.push({ week, chatId, title, material: isLink ? '' : reading, link: isLink ? reading : null, noteMin, quizTags, dueAt: due ?? defaultDue(week, tz) })
  }
  return { items, problems }
}

/** '' → undefined (default); '2026-11-29 20:00' / '周日 20:00' → the instant; null when unreadable. */
function parseDue(text: string, week: string, now: Date, tz: string): Date | undefined | null {
  const s = text.trim()
  if (!s) return undefined
  const [d = '', time = '20:00'] = s.split(/\s+/)
  const day = /^周[一二三四五六日天]$/.test(d) ? weekStart(week, tz).plus({ days: '一二三四五六日'.indexOf(d.slice(1).replace('天', '日')) }).toISODate() : parseDate(d, now, tz)
  const hm = parseTime(time)
  if (!day || !hm) return null
  return DateTime.fromISO(`${day}T${hm}`, { zone: tz }).toJSDate()
}

/** Writes validated assignments (in the caller's transaction). Returns how many were new and replaced. */
export async function importPlan(db: DbOrTrx, items: AssignmentInput[], by: { userid: string; at: Date }): Promise<{ added: number; replaced: number }> {
  let added = 0
  for (const item of items) if (await upsertAssignment(db, item, by)) added++
  return { added, replaced: items.length - added }
}
