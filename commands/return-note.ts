import { ArgError } from '../src/bot/args.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName } from '../src/members/members.js'
import { returnNote } from '../src/notes/review.js'

export default defineCommand({
  name: 'return-note',
  aliases: ['退回', 'reject'],
  summary: 'cmd.return-note.summary',
  usage: 'cmd.return-note.usage',
  examples: 'cmd.return-note.examples',
  scope: 'any',
  role: 'admin',
  parse: (args) => {
    const id = args.int('笔记编号', { min: 1 })
    const reason = args.rest()
    if (!reason) throw new ArgError('args.missing', { name: '退回原因' })
    return { id, reason: reason.slice(0, 500) }
  },
  async run(ctx, { id, reason }) {
    const deps = { outbox: ctx.outbox, configuredAdmins: ctx.config.adminUserIds, timezone: ctx.config.timezone }
    const note = await returnNote(ctx.db, deps, { id, reason, admin: ctx.sender.userid, at: ctx.now })
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'notes.return', chatId: note.chat_id, target: note.userid, detail: { id, reason } })
    return t('notes.returned', { id, author: await displayName(ctx.db, note.userid) })
  },
})
