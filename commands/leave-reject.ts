import { mentionedUser } from '../src/members/mention.js'
import { defineCommand } from '../src/bot/command.js'
import { decide } from '../src/attendance/leave-decide.js'
import { pendingLeaveOf } from '../src/attendance/leave.js'
import { UserError } from '../src/errors.js'

export default defineCommand({
  name: 'leave-reject',
  aliases: ['驳回', 'bh'],
  summary: 'cmd.leave-reject.summary',
  usage: 'cmd.leave-reject.usage',
  scope: 'any',
  role: 'admin',
  parse: (args) => ({ who: args.mention(), note: args.rest().slice(0, 200) }),
  async run(ctx, { who, note }) {
    const userid = await mentionedUser(ctx.db, who, ctx.chat)
    const leave = await pendingLeaveOf(ctx.db, userid)
    if (!leave) throw new UserError('attendance.leave.nonePending', { name: who })
    return decide(ctx, leave.id, 'rejected', note || undefined)
  },
})
