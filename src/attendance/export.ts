// The attendance workbook (/导出 考勤): one row per member per session, and a summary sheet with
// one row per member (rates, late, leave). Built with exceljs in memory.
import { loadExcelJS } from '../files/exceljs.js'
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { displayNames } from '../members/members.js'
import { hhmm, local } from '../time.js'
import { attendanceSummary, sessionSheets } from './report.js'

export interface AttendanceWorkbook {
  buffer: Buffer
  sessions: number
  members: number
}

export async function attendanceWorkbook(db: DbOrTrx, chatId: string, from: string, to: string, now: Date, tz: string): Promise<AttendanceWorkbook> {
  const sheets = await sessionSheets(db, chatId, from, to, now)
  const summary = await attendanceSummary(db, chatId, from, to, now)
  const names = await displayNames(db, [...new Set(sheets.flatMap((s) => [...s.marks.keys()]))])
  const wb = new (await loadExcelJS()).Workbook()
  wb.created = now
  const detail = wb.addWorksheet(t('attendance.export.sheetDetail'))
  detail.addRow(t('attendance.export.detailHeaders').split('|'))
  for (const sheet of sheets) {
    const s = sheet.session
    for (const [userid, mark] of sheet.marks) {
      const at = sheet.times.get(userid)
      detail.addRow([s.day, hhmm(new Date(s.opens_at), tz), s.topic, names.get(userid) ?? userid, userid, t(`attendance.status.${mark}`), at ? local(new Date(at), tz).toFormat('yyyy-MM-dd HH:mm') : null])
    }
  }
  const sum = wb.addWorksheet(t('attendance.export.sheetSummary'))
  sum.addRow(t('attendance.export.summaryHeaders').split('|'))
  for (const m of summary) {
    sum.addRow([m.name, m.userid, m.sessions, m.ontime, m.late, m.makeup, m.excused, m.absent, Math.round(m.rate * 1000) / 1000, m.checkinDays])
  }
  sum.getColumn(9).numFmt = '0.0%'
  for (const ws of [detail, sum]) {
    ws.getRow(1).font = { bold: true }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
    ws.columns.forEach((c) => (c.width = 14))
  }
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), sessions: sheets.length, members: summary.length }
}
