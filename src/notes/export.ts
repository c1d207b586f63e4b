// The notes archive (学习笔记档案, /导出 笔记): accepted notes of a date range as an .xlsx workbook
// (one row per note, plus a per-member summary sheet) and as one HTML document (export-html.ts).
import { loadExcelJS } from '../files/exceljs.js'
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { displayNames } from '../members/members.js'
import { atLocal, local } from '../time.js'
import { DateTime } from 'luxon'

export interface ArchiveNote {
  id: number
  at: string
  /** local 'yyyy-MM-dd HH:mm' */
  when: string
  userid: string
  name: string
  chatId: string
  chatName: string
  assignment: string
  chars: number
  likes: number
  featured: boolean
  content: string
}

export interface MemberSummary {
  userid: string
  name: string
  notes: number
  chars: number
  featured: number
  likes: number
}

export interface Archive {
  /** '2026-11-01 至 2026-11-30' */
  range: string
  notes: ArchiveNote[]
  members: MemberSummary[]
}

/** Accepted notes written on local days from..to (inclusive), of one group or (chatId undefined) all groups. */
export async function loadArchive(db: DbOrTrx, opts: { chatId?: string; from: string; to: string; tz: string }): Promise<Archive> {
  const start = atLocal(opts.from, '00:00', opts.tz).toISOString()
  const end = DateTime.fromISO(opts.to, { zone: opts.tz }).plus({ days: 1 }).toJSDate().toISOString()
  let q = db
    .selectFrom('notes')
    .leftJoin('assignments', 'assignments.id', 'notes.assignment_id')
    .leftJoin('chats', 'chats.chat_id', 'notes.chat_id')
    .select(['notes.id', 'notes.created_at', 'notes.userid', 'notes.chat_id', 'notes.chars', 'notes.likes', 'notes.featured', 'notes.content', 'assignments.title', 'chats.name as chat_name'])
    .where('notes.status', '=', 'accepted')
    .where('notes.created_at', '>=', start)
    .where('notes.created_at', '<', end)
  if (opts.chatId) q = q.where('notes.chat_id', '=', opts.chatId)
  const rows = await q.orderBy('notes.created_at').orderBy('notes.id').execute()
  const names = await displayNames(db, rows.map((r) => r.userid))
  const notes: ArchiveNote[] = rows.map((r) => ({
    id: r.id,
    at: r.created_at,
    when: local(new Date(r.created_at), opts.tz).toFormat('yyyy-MM-dd HH:mm'),
    userid: r.userid,
    name: names.get(r.userid) ?? r.userid,
    chatId: r.chat_id,
    chatName: r.chat_name ?? r.chat_id,
    assignment: r.title ?? '',
    chars: r.chars,
    likes: r.likes,
    featured: Number(r.featured) === 1,
    content: r.content,
  }))
  const members = new Map<string, MemberSummary>()
  for (const n of notes) {
    const m = members.get(n.userid) ?? { userid: n.userid, name: n.name, notes: 0, chars: 0, featured: 0, likes: 0 }
    m.notes++
    m.chars += n.chars
    m.featured += n.featured ? 1 : 0
    m.likes += n.likes
    members.set(n.userid, m)
  }
  const summary = [...members.values()].sort((a, b) => b.notes - a.notes || b.chars - a.chars || a.userid.localeCompare(b.userid))
  return { range: t('notes.export.range', { from: opts.from, to: opts.to }), notes, members: summary }
}


export async function archiveWorkbook(archive: Archive, now: Date): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook()
  wb.created = now
  wb.title = `${t('notes.export.title')} ${archive.range}`
  const sheet = wb.addWorksheet(t('notes.export.sheetNotes'))
  const headers = t('notes.export.noteHeaders').split('|')
  sheet.addRow(headers)
  for (const n of archive.notes) {
    sheet.addRow([n.id, n.when, n.name, n.userid, n.chatName, n.assignment, n.chars, n.likes, n.featured ? t('notes.export.yes') : '', n.content])
  }
  const sum = wb.addWorksheet(t('notes.export.sheetSummary'))
  sum.addRow(t('notes.export.summaryHeaders').split('|'))
  for (const m of archive.members) sum.addRow([m.name, m.userid, m.notes, m.chars, m.featured, m.likes])
  for (const ws of [sheet, sum]) {
    ws.getRow(1).font = { bold: true }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
    ws.columns.forEach((c) => (c.width = 14))
  }
  const content = sheet.getColumn(headers.length)
  content.width = 80
  content.alignment = { wrapText: true, vertical: 'top' }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
