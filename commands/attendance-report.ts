import { defineCommand } from '../src/bot/command.js'
import { readPeriod, resolvePeriod } from '../src/attendance/period.js'
import { reportText } from '../src/attendance/report-text.js'

export default defineCommand({
  name: 'attendance-report',
  aliases: ['考勤', '考勤统计'],
  summary: 'cmd.attendance-report.summary',
  usage: 'cmd.attendance-report.usage',
  examples: 'cmd.attendance-report.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => readPeriod(args, '本周'),
  async run(ctx, period) {
    const range = resolvePeriod(period, ctx.now, ctx.config.timezone)
    return reportText(ctx.db, ctx.chat.id, range, ctx.now, ctx.config.timezone)
  },
})
