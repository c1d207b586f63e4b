import { defineCommand, noArgs } from '../src/bot/command.js'
import { myRecord } from '../src/attendance/me.js'
import { t } from '../src/i18n/index.js'

export default defineCommand({
  name: 'me',
  aliases: ['我的', '我的考勤'],
  summary: 'cmd.me.summary',
  usage: 'cmd.me.usage',
  scope: 'group',
  role: 'member',
  parse: noArgs,
  async run(ctx) {
    const r = await myRecord(ctx.db, ctx.chat.id, ctx.sender.userid, ctx.now, ctx.config.timezone)
    return t('attendance.me', {
      name: ctx.sender.name,
      weekDays: r.week.days,
      weekAttended: r.week.attended,
      weekSessions: r.week.sessions - r.week.excused,
      monthDays: r.month.days,
      monthAttended: r.month.attended,
      monthSessions: r.month.sessions - r.month.excused,
      monthLate: r.month.late,
      monthExcused: r.month.excused,
      current: r.streaks.current,
      longest: r.streaks.longest,
      points: r.points,
      monthPoints: r.monthPoints,
      rank: r.rank ? t('attendance.me.rank', { rank: r.rank }) : t('attendance.me.noRank'),
    })
  },
})
