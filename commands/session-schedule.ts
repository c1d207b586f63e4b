import { defineCommand } from '../src/bot/command.js'
import { dayLabel } from '../src/attendance/days.js'
import { policyFor } from '../src/attendance/policy.js'
import { announceTime } from '../src/attendance/schedule.js'
import { readSessionArgs } from '../src/attendance/session-args.js'
import { createSession } from '../src/attendance/sessions.js'
import { UserError } from '../src/errors.js'
import { t } from '../src/i18n/index.js'
import { atLocal, hhmm } from '../src/time.js'

export default defineCommand({
  name: 'session-schedule',
  aliases: ['预告', '学习预告'],
  summary: 'cmd.session-schedule.summary',
  usage: 'cmd.session-schedule.usage',
  examples: 'cmd.session-schedule.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => ({ day: args.date('日期'), time: args.time('时间'), ...readSessionArgs(args) }),
  async run(ctx, a) {
    const tz = ctx.config.timezone
    const opensAt = atLocal(a.day, a.time, tz)
    if (opensAt <= ctx.now) throw new UserError('attendance.schedule.past', { date: dayLabel(a.day), time: a.time })
    const policy = await policyFor(ctx.db, ctx.chat.id)
    const minutes = a.minutes ?? policy.defaultMinutes
    const late = a.lateMinutes ?? policy.defaultLateMinutes
    const session = await createSession(ctx.db, { chatId: ctx.chat.id, topic: a.topic, opensAt, minutes, lateMinutes: late, createdBy: ctx.sender.userid, now: ctx.now, tz, scheduled: true })
    // Scheduled less than a day ahead: this reply in the group is the announcement.
    if (announceTime(session, policy.announceAt, tz) <= ctx.now) {
      await ctx.db.updateTable('att_sessions').set({ announced_at: ctx.now.toISOString() }).where('id', '=', session.id).execute()
    }
    return t('attendance.schedule.ok', {
      date: dayLabel(a.day),
      time: a.time,
      topic: a.topic,
      minutes,
      late: hhmm(new Date(session.late_at), tz),
      announce: policy.announceAt,
    })
  },
})
