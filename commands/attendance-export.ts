import { defineCommand } from '../src/bot/command.js'
import { attendanceWorkbook } from '../src/attendance/export.js'
import { groupName } from '../src/attendance/leave-notify.js'
import { readPeriod, resolvePeriod } from '../src/attendance/period.js'
import { t } from '../src/i18n/index.js'

export default defineCommand({
  name: 'attendance-export',
  aliases: ['导出 考勤', '导出考勤'],
  summary: 'cmd.attendance-export.summary',
  usage: 'cmd.attendance-export.usage',
  examples: 'cmd.attendance-export.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => readPeriod(args, '本月'),
  async run(ctx, period) {
    const tz = ctx.config.timezone
    const { from, to } = resolvePeriod(period, ctx.now, tz)
    const wb = await attendanceWorkbook(ctx.db, ctx.chat.id, from, to, ctx.now, tz)
    const group = (await groupName(ctx.db, ctx.chat.id)).replace(/[\\/:*?"<>|\s]/g, '_')
    return [
      t('attendance.export.ready', { from, to, sessions: wb.sessions, members: wb.members }),
      { type: 'file', filename: t('attendance.export.filename', { group, from, to }), base64: wb.buffer.toString('base64') },
    ]
  },
})
