import { defineCommand, noArgs } from '../src/bot/command.js'
import type { CommandContext } from '../src/bot/command.js'
import type { IncomingFile } from '../src/bot/incoming.js'
import { expectUpload } from '../src/bot/pending-upload.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'
import { downloadFile, FileTooBigError, MAX_FILE_BYTES } from '../src/quiz/download.js'
import { importQuestionFile } from '../src/quiz/import-file.js'
import { formatReport } from '../src/quiz/report.js'

// /题库 导入 — in the admin's private chat: the next file the admin sends is imported.
export default defineCommand({
  name: 'bank-import',
  aliases: ['题库 导入'],
  summary: 'cmd.bank-import.summary',
  usage: 'cmd.bank-import.usage',
  scope: 'private',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    await expectUpload(ctx.db, ctx.sender.userid, ctx.chat.id, 'bank-import', ctx.now)
    return t('bank.sendFile')
  },
  onFile: importUpload,
})

async function importUpload(ctx: CommandContext, file: IncomingFile) {
  let bytes: Buffer
  try {
    bytes = await downloadFile(file, ctx.config.bot.aesKey)
  } catch (err) {
    if (err instanceof FileTooBigError) return t('bank.tooBig', { mb: (err.bytes / 1048576).toFixed(1), max: MAX_FILE_BYTES / 1048576 })
    ctx.log.warn({ err: (err as Error).message }, 'question file download failed')
    return t('bank.downloadFailed')
  }
  const report = await importQuestionFile(ctx.db, { filename: file.filename, bytes }, { now: ctx.now, source: `chat:${ctx.sender.userid}:${file.filename ?? ''}` })
  await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'quiz.import', detail: { file: file.filename, imported: report.imported, duplicates: report.duplicates.length, problems: report.problems.length } })
  return formatReport(report)
}
