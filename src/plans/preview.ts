// /任务 预览: exactly what next week's scheduled pushes will be, per group, with rest days and
// holidays applied (the same planning functions the jobs use).
import { isRestDay } from '../calendar/calendar.js'
import type { Config } from '../config.js'
import type { DbOrTrx } from '../deps.js'
import { listGroups } from '../groups/groups.js'
import { t } from '../i18n/index.js'
import { adminIds } from '../members/members.js'
import { dueBetween, parseCron } from '../scheduler/cron.js'
import { dayKey, hhmm, shortDate, weekKey } from '../time.js'
import { planAssignmentPush } from './pushes.js'
import { shiftWeek, weekStart } from './weeks.js'

const when = (at: Date, tz: string) => `${shortDate(at, tz)} ${hhmm(at, tz)}`

export async function previewWeek(db: DbOrTrx, config: Config, now: Date, offsetWeeks = 1): Promise<string> {
  const tz = config.timezone
  const week = shiftWeek(weekKey(now, tz), offsetWeeks, tz)
  const from = new Date(weekStart(week, tz).toMillis() - 1)
  const to = weekStart(week, tz).plus({ weeks: 1 }).minus({ milliseconds: 1 }).toJSDate()
  const due = (expr: string) => dueBetween(parseCron(expr), from, to, tz)
  const lines: string[] = [t('jobs.preview.title', { week })]
  const digestAt = due(config.jobs.adminDigest)
  const admins = (await adminIds(db, config.adminUserIds)).length
  for (const at of digestAt) lines.push(t('jobs.preview.digest', { at: when(at, tz), n: admins }))
  const groups = await listGroups(db)
  if (groups.length === 0) lines.push(t('jobs.preview.noGroups'))
  for (const g of groups) {
    lines.push(t('jobs.preview.group', { name: g.label }))
    for (const at of due(config.jobs.weeklyAssignment)) {
      const push = await planAssignmentPush(db, g.chatId, weekKey(at, tz), at, config)
      if (push.kind === 'none') lines.push(t('jobs.preview.noPlan', { at: when(at, tz) }))
      else if (push.kind === 'rest') lines.push(t('jobs.preview.allRest', { at: when(at, tz) }))
      else if (push.deferredFrom) lines.push(t('jobs.preview.deferred', { at: when(push.at, tz), from: push.deferredFrom, title: push.assignment.title }))
      else lines.push(t('jobs.preview.assignment', { at: when(push.at, tz), title: push.assignment.title, noteMin: push.assignment.note_min }))
    }
    for (const at of due(config.jobs.reminders)) {
      lines.push((await isRestDay(db, g.chatId, dayKey(at, tz))) ? t('jobs.preview.reminderRest', { at: when(at, tz) }) : t('jobs.preview.reminder', { at: when(at, tz) }))
    }
    for (const at of due(config.jobs.leaderboard)) lines.push(t('jobs.preview.leaderboard', { at: when(at, tz) }))
    if (g.hasWebhook === false && g.longconn === false) lines.push(t('jobs.preview.unbound'))
  }
  return lines.join('\n')
}
