import { oneId } from '../src/bot/parsers.js'
import { defineCommand } from '../src/bot/command.js'
import { UserError } from '../src/errors.js'
import { t } from '../src/i18n/index.js'
import { displayName } from '../src/members/members.js'
import { noteById } from '../src/notes/notes.js'
import { viewRight } from '../src/notes/queries.js'
import { featuredMark, noteDate, statusMark } from '../src/notes/render.js'
import { assignmentById } from '../src/plans/assignments.js'

export default defineCommand({
  name: 'note-view',
  aliases: ['笔记 查看', 'note view'],
  summary: 'cmd.note-view.summary',
  usage: 'cmd.note-view.usage',
  scope: 'any',
  role: 'member',
  parse: oneId('笔记编号'),
  async run(ctx, { id }) {
    const note = await noteById(ctx.db, id)
    if (!note) throw new UserError('notes.notFound', { id })
    const right = await viewRight(ctx.db, note, ctx.sender, ctx.chat)
    if (right === 'none') throw new UserError(note.status === 'withdrawn' ? 'notes.notFound' : 'notes.view.denied', { id })
    const assignment = note.assignment_id === null ? undefined : await assignmentById(ctx.db, note.assignment_id)
    const showStatus = ctx.chat.type === 'single' && right !== 'peer'
    return t('notes.view', {
      id,
      author: await displayName(ctx.db, note.userid),
      date: noteDate(note.created_at, ctx.config.timezone),
      assignment: assignment ? t('notes.forAssignment', { title: assignment.title }) : '',
      count: note.chars,
      likes: note.likes,
      featured: featuredMark(note),
      status: statusMark(note, showStatus),
      content: note.content,
    })
  },
})
