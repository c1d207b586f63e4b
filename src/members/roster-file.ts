// Roster files: the .xlsx template, and reading .xlsx / .csv / pasted text into rows.
import type ExcelJS from 'exceljs'
import { loadExcelJS } from '../files/exceljs.js'
import type { RosterRow } from './roster.js'

export const TEMPLATE_HEADERS = ['userid', '姓名', '群', '角色'] as const

export async function rosterTemplate(example: { userid: string; name: string; group: string }[]): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook()
  const ws = wb.addWorksheet('花名册')
  ws.addRow([...TEMPLATE_HEADERS])
  ws.getRow(1).font = { bold: true }
  for (const e of example) ws.addRow([e.userid, e.name, e.group, '成员'])
  ws.columns.forEach((c) => (c.width = 18))
  const notes = wb.addWorksheet('说明')
  notes.addRow(['userid：企业微信账号（必填）'])
  notes.addRow(['姓名：显示的名字（必填，不超过 20 字）'])
  notes.addRow(['群：群名称或群 id；留空 = 导入时所在的群'])
  notes.addRow(['角色：成员 / 管理员 / 列席（列席不计入考勤）；留空 = 成员'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function readRosterXlsx(data: Buffer): Promise<RosterRow[]> {
  const wb = new (await loadExcelJS()).Workbook()
  await wb.xlsx.load(data as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]
  if (!ws) return []
  const rows: string[][] = []
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells = [1, 2, 3, 4].map((i) => cellText(row.getCell(i).value))
    rows[n - 1] = cells
  })
  return toRows(rows.map((r) => r ?? []))
}

/** CSV or pasted lines: comma, tab, full-width comma or spaces between fields. */
export function readRosterText(text: string): RosterRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  return toRows(lines.map((l) => (l.trim() === '' ? [] : l.split(/[,\t，]|\s+/).map((s) => s.trim().replace(/^"(.*)"$/, '$1')))))
}

function toRows(table: string[][]): RosterRow[] {
  const out: RosterRow[] = []
  table.forEach((cells, i) => {
    if (cells.every((c) => !c)) return
    if (i === 0 && /^(userid|账号|用户id)$/i.test(cells[0] ?? '')) return
    out.push({ line: i + 1, userid: cells[0] ?? '', name: cells[1] ?? '', group: cells[2] ?? '', role: cells[3] ?? '' })
  })
  return out
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim()
    if ('text' in v) return String(v.text).trim()
    if ('result' in v) return String(v.result ?? '').trim()
  }
  return String(v).trim()
}
