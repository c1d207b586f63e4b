import { oneId } from '../src/bot/parsers.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { displayName } from '../src/members/members.js'
import { likeNote } from '../src/notes/likes.js'

export default defineCommand({
  name: 'like',
  aliases: ['赞', '点赞'],
  summary: 'cmd.like.summary',
  usage: 'cmd.like.usage',
  scope: 'group',
  role: 'member',
  parse: oneId('笔记编号'),
  async run(ctx, { id }) {
    const { note, left } = await likeNote(ctx.db, { id, giver: ctx.sender.userid, chatId: ctx.chat.id, at: ctx.now, tz: ctx.config.timezone })
    return t('notes.liked', { id, author: await displayName(ctx.db, note.userid), left })
  },
})
