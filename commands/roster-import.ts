import { defineCommand } from '../src/bot/command.js'
import { expectUpload } from '../src/bot/pending-upload.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'
import { downloadIncomingFile } from '../src/members/roster-download.js'
import { readRosterText, readRosterXlsx } from '../src/members/roster-file.js'
import { importRoster, type RosterRow } from '../src/members/roster.js'
import type { CommandContext } from '../src/bot/command.js'

async function apply(ctx: CommandContext, rows: RosterRow[]): Promise<string> {
  if (rows.length === 0) return t('roster.importNothing')
  const at = ctx.now.toISOString()
  const r = await importRoster(ctx.db, rows, { at, actor: ctx.sender.userid, ...(ctx.chat.type === 'group' ? { defaultChat: ctx.chat.id } : {}) })
  await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'roster.import', chatId: ctx.chat.id, detail: { imported: r.imported, problems: r.problems.length } })
  const problems = r.problems.map((p) => t(`roster.problem.${p.problem}`, { line: p.line }))
  return t('roster.imported', { count: r.imported }) + (problems.length ? t('roster.importProblems', { list: problems.slice(0, 20).join('\n') }) : '')
}

export default defineCommand({
  name: 'roster-import',
  aliases: ['成员 导入', '花名册 导入'],
  summary: 'cmd.roster-import.summary',
  usage: 'cmd.roster-import.usage',
  examples: 'cmd.roster-import.examples',
  scope: 'any',
  role: 'admin',
  parse: (args) => ({ text: args.rest() }),
  async run(ctx, { text }) {
    if (text) return apply(ctx, readRosterText(text))
    await expectUpload(ctx.db, ctx.sender.userid, ctx.chat.id, 'roster-import', ctx.now)
    return t('roster.importWaiting')
  },
  async onFile(ctx, file) {
    let rows: RosterRow[]
    try {
      const data = await downloadIncomingFile(file, ctx.config)
      const isXlsx = data.subarray(0, 2).toString('latin1') === 'PK'
      rows = isXlsx ? await readRosterXlsx(data) : readRosterText(data.toString('utf8'))
    } catch {
      return t('roster.importBadFile')
    }
    return apply(ctx, rows)
  },
})
