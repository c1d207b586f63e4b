import { ArgError } from '../src/bot/args.js'
import { defineCommand } from '../src/bot/command.js'
import { UserError } from '../src/errors.js'
import { ALL_GROUPS, assignmentById, assignmentForWeek } from '../src/plans/assignments.js'
import { submitNote } from '../src/notes/notes.js'
import { savedReply } from '../src/notes/render.js'
import { weekKey } from '../src/time.js'

export default defineCommand({
  name: 'note',
  aliases: ['笔记', '心得', '心得体会', 'bj'],
  summary: 'cmd.note.summary',
  usage: 'cmd.note.usage',
  examples: 'cmd.note.examples',
  scope: 'group',
  role: 'member',
  parse: (args) => {
    const next = args.peek()
    const assignmentId = next !== undefined && /^[#＃][0-9０-９]+$/.test(next) ? args.int('任务编号', { min: 1 }) : undefined
    const content = args.rest()
    if (!content) throw new ArgError('args.missing', { name: '笔记内容' })
    return { assignmentId, content }
  },
  async run(ctx, { assignmentId, content }) {
    let assignment
    if (assignmentId !== undefined) {
      assignment = await assignmentById(ctx.db, assignmentId)
      if (!assignment || (assignment.chat_id !== ctx.chat.id && assignment.chat_id !== ALL_GROUPS)) throw new UserError('notes.noAssignment', { id: assignmentId })
    } else {
      assignment = await assignmentForWeek(ctx.db, ctx.chat.id, weekKey(ctx.now, ctx.config.timezone))
    }
    const saved = await submitNote(
      ctx.db,
      { outbox: ctx.outbox, configuredAdmins: ctx.config.adminUserIds, timezone: ctx.config.timezone },
      { chatId: ctx.chat.id, userid: ctx.sender.userid, content, assignment, at: ctx.now },
    )
    return savedReply(saved, { name: ctx.sender.name, assignmentTitle: assignment?.title })
  },
})
