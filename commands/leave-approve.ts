import { oneMention } from '../src/bot/parsers.js'
import { mentionedUser } from '../src/members/mention.js'
import { defineCommand } from '../src/bot/command.js'
import { LEAVE_APPROVE, LEAVE_REJECT, leaveCardResult } from '../src/attendance/cards.js'
import { decide } from '../src/attendance/leave-decide.js'
import { leaveById, pendingLeaveOf } from '../src/attendance/leave.js'
import { leaveCardFor } from '../src/attendance/leave-notify.js'
import { UserError } from '../src/errors.js'

export default defineCommand({
  name: 'leave-approve',
  aliases: ['批准', 'pz'],
  summary: 'cmd.leave-approve.summary',
  usage: 'cmd.leave-approve.usage',
  scope: 'any',
  role: 'admin',
  parse: oneMention,
  async run(ctx, { who }) {
    const userid = await mentionedUser(ctx.db, who, ctx.chat)
    const leave = await pendingLeaveOf(ctx.db, userid)
    if (!leave) throw new UserError('attendance.leave.nonePending', { name: who })
    return decide(ctx, leave.id, 'approved')
  },
  // 批准 / 驳回 on the request card in an admin's private chat.
  cardPrefixes: [LEAVE_APPROVE, LEAVE_REJECT],
  cardRole: 'admin',
  async onCard(ctx, event) {
    const approve = event.key.startsWith(LEAVE_APPROVE)
    const id = Number(event.key.slice((approve ? LEAVE_APPROVE : LEAVE_REJECT).length))
    const line = await decide(ctx, id, approve ? 'approved' : 'rejected')
    const leave = (await leaveById(ctx.db, id))!
    return leaveCardResult(await leaveCardFor(ctx.db, leave, ctx.sender.userid), ctx.sender.userid, line)
  },
})
