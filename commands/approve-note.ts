import { oneId } from '../src/bot/parsers.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName } from '../src/members/members.js'
import { approveNote } from '../src/notes/review.js'

export default defineCommand({
  name: 'approve-note',
  aliases: ['通过', 'approve'],
  summary: 'cmd.approve-note.summary',
  usage: 'cmd.approve-note.usage',
  scope: 'any',
  role: 'admin',
  parse: oneId('笔记编号'),
  async run(ctx, { id }) {
    const deps = { outbox: ctx.outbox, configuredAdmins: ctx.config.adminUserIds, timezone: ctx.config.timezone }
    const { note, points } = await approveNote(ctx.db, deps, { id, admin: ctx.sender.userid, at: ctx.now })
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'notes.approve', chatId: note.chat_id, target: note.userid, detail: { id } })
    return t('notes.approved', { id, author: await displayName(ctx.db, note.userid), points })
  },
})
