// One decision path for the 批准/驳回 buttons and the /批准 /驳回 commands.
import type { CommandContext } from '../bot/command.js'
import { t } from '../i18n/index.js'
import { displayName } from '../members/members.js'
import { decideLeave } from './leave.js'
import { describeLeave, tellMemberDecision } from './leave-notify.js'

export async function decide(ctx: CommandContext, leaveId: number, status: 'approved' | 'rejected', note?: string): Promise<string> {
  const { leave, changed } = await decideLeave(ctx.db, leaveId, { status, by: ctx.sender.userid, at: ctx.now, ...(note ? { note } : {}) })
  const name = await displayName(ctx.db, leave.userid)
  const what = await describeLeave(ctx.db, leave)
  if (!changed) {
    return t('attendance.leave.alreadyDecided', {
      by: await displayName(ctx.db, leave.decided_by ?? '?'),
      decision: t(leave.status === 'approved' ? 'attendance.leave.decisionApproved' : 'attendance.leave.decisionRejected'),
    })
  }
  await tellMemberDecision(ctx.db, ctx.outbox, leave)
  return t(status === 'approved' ? 'attendance.leave.approvedAdmin' : 'attendance.leave.rejectedAdmin', { name, what })
}
