import { ArgError } from '../src/bot/args.js'
import { defineCommand } from '../src/bot/command.js'
import { editNote } from '../src/notes/notes.js'
import { savedReply } from '../src/notes/render.js'
import { assignmentById } from '../src/plans/assignments.js'

export default defineCommand({
  name: 'note-edit',
  aliases: ['笔记 修改', 'note edit'],
  summary: 'cmd.note-edit.summary',
  usage: 'cmd.note-edit.usage',
  scope: 'any',
  role: 'member',
  hidden: true,
  parse: (args) => {
    const id = args.int('笔记编号', { min: 1 })
    const content = args.rest()
    if (!content) throw new ArgError('args.missing', { name: '新内容' })
    return { id, content }
  },
  async run(ctx, { id, content }) {
    const saved = await editNote(
      ctx.db,
      { outbox: ctx.outbox, configuredAdmins: ctx.config.adminUserIds, timezone: ctx.config.timezone },
      { id, userid: ctx.sender.userid, content, at: ctx.now },
    )
    const assignment = saved.note.assignment_id === null ? undefined : await assignmentById(ctx.db, saved.note.assignment_id)
    return savedReply(saved, { name: ctx.sender.name, assignmentTitle: assignment?.title, edited: true })
  },
})
