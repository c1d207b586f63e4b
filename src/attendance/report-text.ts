// The /考勤 report as markdown.
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { hhmm } from '../time.js'
import { dayLabel, type DayRange } from './days.js'
import { groupName } from './leave-notify.js'
import { attendanceSummary, sessionSheets } from './report.js'

const pct = (x: number) => `${Math.round(x * 100)}%`

export async function reportText(db: DbOrTrx, chatId: string, r: DayRange, now: Date, tz: string): Promise<string> {
  const sheets = (await sessionSheets(db, chatId, r.from, r.to, now)).filter((s) => s.session.closes_at <= now.toISOString())
  const members = await attendanceSummary(db, chatId, r.from, r.to, now)
  const lines = [t('attendance.report.title', { group: await groupName(db, chatId), from: r.from, to: r.to })]
  if (sheets.length === 0) lines.push(t('attendance.report.noSessions'))
  else {
    lines.push(t('attendance.report.sessionsHeader', { count: sheets.length }))
    for (const { session: s, counts: c } of sheets) {
      lines.push(t('attendance.report.session', { date: dayLabel(s.day), time: hhmm(new Date(s.opens_at), tz), topic: s.topic, ontime: c.ontime, late: c.late, makeup: c.makeup, excused: c.excused, absent: c.absent }))
    }
  }
  if (members.length) lines.push(t('attendance.report.membersHeader'))
  for (const m of members) {
    lines.push(
      t('attendance.report.member', {
        name: m.name,
        attended: m.ontime + m.late + m.makeup,
        expected: m.sessions - m.excused,
        rate: pct(m.rate),
        late: m.late,
        excused: m.excused,
        absent: m.absent,
        days: m.checkinDays,
      }),
    )
  }
  return lines.join('\n')
}
