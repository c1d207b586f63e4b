import { ArgError } from '../src/bot/args.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'
import { setPeerView } from '../src/notes/queries.js'

export default defineCommand({
  name: 'note-settings',
  aliases: ['笔记 设置', 'note settings'],
  summary: 'cmd.note-settings.summary',
  usage: 'cmd.note-settings.usage',
  scope: 'group',
  role: 'admin',
  parse: (args) => {
    args.choice('设置项', ['互看'] as const)
    const value = args.optionalWord()
    args.end()
    if (value === '开' || value === '开启' || value === 'on') return { allowed: true }
    if (value === '关' || value === '关闭' || value === 'off') return { allowed: false }
    throw new ArgError('notes.setting.badValue')
  },
  async run(ctx, { allowed }) {
    await setPeerView(ctx.db, ctx.chat.id, allowed, ctx.now)
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'notes.peer_view', chatId: ctx.chat.id, detail: { allowed } })
    return t(allowed ? 'notes.setting.peerOn' : 'notes.setting.peerOff')
  },
})
