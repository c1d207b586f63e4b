import { defineCommand } from '../src/bot/command.js'
import { dayProgress, markDay } from '../src/attendance/checkin.js'
import { policyFor } from '../src/attendance/policy.js'
import { recordOf, sessionsNow } from '../src/attendance/sessions.js'
import { sessionReply } from '../src/attendance/sign-in-reply.js'
import { streaksOf } from '../src/attendance/streak.js'
import { t } from '../src/i18n/index.js'
import { hhmm } from '../src/time.js'

export default defineCommand({
  name: 'sign-in',
  aliases: ['签到', 'qd', 'signin'],
  summary: 'cmd.sign-in.summary',
  usage: 'cmd.sign-in.usage',
  examples: 'cmd.sign-in.examples',
  scope: 'group',
  role: 'member',
  parse: (args) => ({ note: args.rest().slice(0, 500) }),
  async run(ctx, { note }) {
    const tz = ctx.config.timezone
    const sessions = await sessionsNow(ctx.db, ctx.chat.id, ctx.now, tz)
    if (sessions.open) return (await sessionReply(ctx, sessions.open, 'command')).text
    const mark = await markDay(ctx.db, { chatId: ctx.chat.id, userid: ctx.sender.userid, at: ctx.now, tz, note, source: 'self' })
    if (!mark.inserted) return t('attendance.checkin.already', { time: hhmm(new Date(mark.at), tz) })
    const { current } = await streaksOf(ctx.db, ctx.chat.id, ctx.sender.userid, mark.day, async () => (await policyFor(ctx.db, ctx.chat.id)).gracePerMonth)
    const { done, total } = await dayProgress(ctx.db, ctx.chat.id, mark.day)
    let text = t('attendance.checkin.ok', {
      name: ctx.sender.name,
      time: hhmm(ctx.now, tz),
      note: note ? t('attendance.checkin.note', { note }) : '',
      streak: current,
      done,
      total,
      points: mark.points ? t('attendance.checkin.points', { points: mark.points }) : '',
    })
    const missed = sessions.closed
    if (missed && !(await recordOf(ctx.db, missed.id, ctx.sender.userid))) {
      text += t('attendance.checkin.sessionClosed', { topic: missed.topic, time: hhmm(new Date(missed.closes_at), tz) })
    }
    return text
  },
})
