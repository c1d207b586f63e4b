import { oneId } from '../src/bot/parsers.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { withdrawNote } from '../src/notes/notes.js'

export default defineCommand({
  name: 'note-withdraw',
  aliases: ['笔记 撤回', 'note withdraw'],
  summary: 'cmd.note-withdraw.summary',
  usage: 'cmd.note-withdraw.usage',
  scope: 'any',
  role: 'member',
  hidden: true,
  parse: oneId('笔记编号'),
  async run(ctx, { id }) {
    const deps = { outbox: ctx.outbox, configuredAdmins: ctx.config.adminUserIds, timezone: ctx.config.timezone }
    const { reversed } = await withdrawNote(ctx.db, deps, { id, userid: ctx.sender.userid, at: ctx.now })
    return t('notes.withdrawn', { id, reversed: reversed > 0 ? t('notes.withdrawnPoints', { points: reversed }) : '' }).trim()
  },
})
