import { defineCommand, noArgs } from '../src/bot/command.js'
import { closeSession } from '../src/attendance/schedule.js'
import { openSession } from '../src/attendance/sessions.js'
import { UserError } from '../src/errors.js'
import { t } from '../src/i18n/index.js'

export default defineCommand({
  name: 'session-end',
  aliases: ['结束签到'],
  summary: 'cmd.session-end.summary',
  usage: 'cmd.session-end.usage',
  scope: 'group',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    const session = await openSession(ctx.db, ctx.chat.id, ctx.now)
    if (!session) throw new UserError('attendance.session.noneOpen')
    const closesAt = ctx.now.toISOString()
    const lateAt = session.late_at < closesAt ? session.late_at : closesAt
    await ctx.db.updateTable('att_sessions').set({ closes_at: closesAt, late_at: lateAt }).where('id', '=', session.id).execute()
    await closeSession(ctx, { ...session, closes_at: closesAt, late_at: lateAt }, ctx.now)
    return t('attendance.session.ended', { topic: session.topic })
  },
})
