import type { CommandContext } from '../src/bot/command.js'
import { defineCommand, noArgs } from '../src/bot/command.js'
import type { IncomingFile } from '../src/bot/incoming.js'
import { expectUpload } from '../src/bot/pending-upload.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'
import { importPlan, PlanFileError, readPlanFile, validatePlan } from '../src/plans/plan-file.js'
import { downloadFile } from '../src/quiz/download.js'

/** Download + decrypt of the uploaded file; tests replace it (fetchPlanUpload.current). */
export const fetchPlanUpload = { current: (ctx: CommandContext, file: IncomingFile) => downloadFile(file, ctx.config.bot.aesKey) }

// /任务 导入 — in the admin's private chat: the next file (.xlsx/.csv) is the study plan.
export default defineCommand({
  name: 'task-import',
  aliases: ['任务 导入'],
  summary: 'cmd.task-import.summary',
  usage: 'cmd.task-import.usage',
  scope: 'private',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    await expectUpload(ctx.db, ctx.sender.userid, ctx.chat.id, 'task-import', ctx.now)
    return t('jobs.import.sendFile')
  },
  async onFile(ctx, file) {
    let bytes: Buffer
    try {
      bytes = await fetchPlanUpload.current(ctx, file)
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'plan file download failed')
      return t('jobs.import.downloadFailed')
    }
    let rows
    try {
      rows = await readPlanFile(bytes, file.filename)
    } catch (err) {
      if (err instanceof PlanFileError) return t('jobs.import.noHeader')
      return t('jobs.import.unreadable')
    }
    const { items, problems } = await validatePlan(ctx.db, rows, ctx.now, ctx.config.timezone)
    if (problems.length) {
      const list = problems.slice(0, 10).map((p) => t('jobs.import.problem', { line: p.line, problem: p.problem }))
      return t('jobs.import.problems', { n: problems.length, list: list.join('\n') })
    }
    if (items.length === 0) return t('jobs.import.empty')
    const { added, replaced } = await importPlan(ctx.db, items, { userid: ctx.sender.userid, at: ctx.now })
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'plan.import', detail: { file: file.filename, added, replaced } })
    return t('jobs.import.done', { added, replaced })
  },
})
