import { oneId } from '../src/bot/parsers.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName } from '../src/members/members.js'
import { featureNote } from '../src/notes/review.js'

export default defineCommand({
  name: 'feature-note',
  aliases: ['精选', 'feature'],
  summary: 'cmd.feature-note.summary',
  usage: 'cmd.feature-note.usage',
  scope: 'any',
  role: 'admin',
  parse: oneId('笔记编号'),
  async run(ctx, { id }) {
    const deps = { outbox: ctx.outbox, configuredAdmins: ctx.config.adminUserIds, timezone: ctx.config.timezone }
    const { note, points } = await featureNote(ctx.db, deps, { id, admin: ctx.sender.userid, at: ctx.now })
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'notes.feature', chatId: note.chat_id, target: note.userid, detail: { id } })
    return t('notes.featured', { id, author: await displayName(ctx.db, note.userid), points })
  },
})
