// Leave messages that travel through the outbox: the request card to every admin, and the
// decision privately to the member.
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { adminIds, displayName } from '../members/members.js'
import { toUser, type Outbox } from '../outbox/outbox.js'
import { leaveCard, leaveWhat } from './cards.js'
import type { Leave } from './leave.js'
import { sessionById } from './sessions.js'
import type { TemplateCard } from '../wecom/types.js'

export async function groupName(db: DbOrTrx, chatId: string): Promise<string> {
  const row = await db.selectFrom('chats').select('name').where('chat_id', '=', chatId).executeTakeFirst()
  return row?.name ?? chatId
}

export async function describeLeave(db: DbOrTrx, leave: Leave): Promise<string> {
  const topic = leave.session_id !== null ? (await sessionById(db, leave.session_id))?.topic : undefined
  return leaveWhat(leave, topic)
}

export async function leaveCardFor(db: DbOrTrx, leave: Leave, adminId: string): Promise<TemplateCard> {
  const who = { name: await displayName(db, leave.userid), group: await groupName(db, leave.chat_id), what: await describeLeave(db, leave) }
  return leaveCard(leave, who, adminId)
}

export async function sendLeaveToAdmins(db: DbOrTrx, outbox: Outbox, configuredAdmins: string[], leave: Leave): Promise<number> {
  const admins = await adminIds(db, configuredAdmins)
  for (const admin of admins) {
    await outbox.enqueue(db, { to: toUser(admin), message: { type: 'card', card: await leaveCardFor(db, leave, admin) }, key: `attendance:leave:${leave.id}:${admin}` })
  }
  return admins.length
}

export async function tellMemberDecision(db: DbOrTrx, outbox: Outbox, leave: Leave): Promise<void> {
  const what = await describeLeave(db, leave)
  const content =
    leave.status === 'approved'
      ? t('attendance.leave.approvedMember', { what })
      : t('attendance.leave.rejectedMember', { what, note: leave.decision_note ? t('attendance.leave.rejectNote', { note: leave.decision_note }) : '' })
  await outbox.enqueue(db, { to: toUser(leave.userid), message: { type: 'markdown', content }, key: `attendance:leave-decided:${leave.id}` })
}
