import { DateTime } from 'luxon'
import { ArgError, parseDate, type ArgReader } from '../src/bot/args.js'
import { defineCommand, type CommandContext } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { archiveHtml } from '../src/notes/export-html.js'
import { archiveWorkbook, loadArchive } from '../src/notes/export.js'

const PERIODS = ['本月', '上月', '本年', '本周'] as const

/** 本月 | 上月 | 本年 | 本周 | 2026-11-01 2026-11-30 | 11-01~11-30 → local days from..to. */
function parseRange(args: ArgReader, ctx: CommandContext): { from: string; to: string } {
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.config.timezone })
  const period = args.maybe(PERIODS)
  let range: { from: string; to: string } | undefined
  if (period === '本月') range = { from: today.startOf('month').toISODate()!, to: today.endOf('month').toISODate()! }
  else if (period === '上月') range = { from: today.minus({ months: 1 }).startOf('month').toISODate()!, to: today.minus({ months: 1 }).endOf('month').toISODate()! }
  else if (period === '本年') range = { from: today.startOf('year').toISODate()!, to: today.endOf('year').toISODate()! }
  else if (period === '本周') range = { from: today.startOf('week').toISODate()!, to: today.endOf('week').toISODate()! }
  else {
    const words = [args.optionalWord(), args.optionalWord()].filter((w): w is string => !!w)
    const parts = words.length === 1 ? words[0]!.split(/[~～至到]/) : words
    const [from, to] = parts.map((p) => parseDate(p, ctx.now, ctx.config.timezone, 'past'))
    if (parts.length !== 2 || !from || !to) throw new ArgError('notes.export.badRange')
    if (from > to) throw new ArgError('notes.export.rangeOrder', { from, to })
    range = { from, to }
  }
  args.end()
  return range
}

export default defineCommand({
  name: 'note-export',
  aliases: ['导出 笔记', 'export notes'],
  summary: 'cmd.note-export.summary',
  usage: 'cmd.note-export.usage',
  examples: 'cmd.note-export.examples',
  scope: 'any',
  role: 'admin',
  parse: parseRange,
  async run(ctx, { from, to }) {
    // In a group: that group's archive; in a private chat: every group's.
    const chatId = ctx.chat.type === 'group' ? ctx.chat.id : undefined
    const archive = await loadArchive(ctx.db, { chatId, from, to, tz: ctx.config.timezone })
    if (archive.notes.length === 0) return t('notes.export.empty', { range: archive.range })
    const base = `${t('notes.export.title')}_${from}_${to}`
    return [
      t('notes.export.done', { range: archive.range, notes: archive.notes.length, members: archive.members.length }),
      { type: 'file', filename: `${base}.xlsx`, base64: (await archiveWorkbook(archive, ctx.now)).toString('base64') },
      { type: 'file', filename: `${base}.html`, base64: Buffer.from(archiveHtml(archive), 'utf8').toString('base64') },
    ]
  },
})
