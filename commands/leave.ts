import { defineCommand } from '../src/bot/command.js'
import { ArgError } from '../src/bot/args.js'
import { requestLeave, type LeaveTarget } from '../src/attendance/leave.js'
import { describeLeave, sendLeaveToAdmins } from '../src/attendance/leave-notify.js'
import { currentOrNextSession } from '../src/attendance/sessions.js'
import { t } from '../src/i18n/index.js'
import { dayKey } from '../src/time.js'

export default defineCommand({
  name: 'leave',
  aliases: ['请假', 'leave'],
  summary: 'cmd.leave.summary',
  usage: 'cmd.leave.usage',
  examples: 'cmd.leave.examples',
  scope: 'group',
  role: 'member',
  parse: (args) => {
    const session = args.maybe(['本次', '这次'] as const)
    const day = session ? undefined : args.optionalDate('future')
    const reason = args.rest()
    if (!reason || [...reason].length > 100) throw new ArgError('attendance.leave.badReason')
    const target: LeaveTarget | undefined = day ? { kind: 'day', day } : session ? { kind: 'session' } : undefined
    return { target, reason }
  },
  async run(ctx, { target, reason }) {
    const { leave } = await requestLeave(ctx.db, {
      chatId: ctx.chat.id,
      userid: ctx.sender.userid,
      target: target ?? ((await currentOrNextSession(ctx.db, ctx.chat.id, ctx.now)) ? { kind: 'session' } : { kind: 'day', day: dayKey(ctx.now, ctx.config.timezone) }),
      reason,
      now: ctx.now,
      tz: ctx.config.timezone,
    })
    await sendLeaveToAdmins(ctx.db, ctx.outbox, ctx.config.adminUserIds, leave)
    return t('attendance.leave.requested', { what: await describeLeave(ctx.db, leave), reason })
  },
})
