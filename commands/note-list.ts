import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { notesOf } from '../src/notes/queries.js'
import { featuredMark, noteDate, statusMark } from '../src/notes/render.js'

export default defineCommand({
  name: 'note-list',
  aliases: ['笔记 列表', '我的笔记', 'note list'],
  summary: 'cmd.note-list.summary',
  usage: 'cmd.note-list.usage',
  scope: 'any',
  role: 'member',
  parse: noArgs,
  async run(ctx) {
    // In the group: this group's notes and no review status; in private: everything, with status.
    const inGroup = ctx.chat.type === 'group'
    const list = await notesOf(ctx.db, ctx.sender.userid, {
      chatId: inGroup ? ctx.chat.id : undefined,
      statuses: inGroup ? ['accepted', 'pending'] : ['accepted', 'pending', 'returned'],
      limit: 15,
    })
    if (list.length === 0) return t('notes.list.empty')
    const lines = list.map((n) =>
      t('notes.list.line', { id: n.id, date: noteDate(n.created_at, ctx.config.timezone), count: n.chars, likes: n.likes, featured: featuredMark(n), status: statusMark(n, !inGroup) }),
    )
    return [t('notes.list.title', { name: ctx.sender.name, n: list.length }), ...lines, t('notes.list.footer')].join('\n')
  },
})
