import { defineCommand } from '../src/bot/command.js'
import { previewWeek } from '../src/plans/preview.js'

export default defineCommand({
  name: 'task-preview',
  aliases: ['任务 预览'],
  summary: 'cmd.task-preview.summary',
  usage: 'cmd.task-preview.usage',
  examples: 'cmd.task-preview.examples',
  scope: 'any',
  role: 'admin',
  parse: (args) => {
    const which = args.maybe(['下周', '本周'] as const) ?? '下周'
    args.end()
    return { offset: which === '本周' ? 0 : 1 }
  },
  async run(ctx, { offset }) {
    return previewWeek(ctx.db, ctx.config, ctx.now, offset)
  },
})
