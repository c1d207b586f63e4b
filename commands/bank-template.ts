import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { templateXlsx } from '../src/quiz/read-file.js'

// /题库 模板 — the blank .xlsx import template (columns on sheet one, instructions on sheet two).
export default defineCommand({
  name: 'bank-template',
  aliases: ['题库 模板'],
  summary: 'cmd.bank-template.summary',
  usage: 'cmd.bank-template.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run() {
    const bytes = await templateXlsx()
    return [t('bank.template'), { type: 'file', filename: '题库导入模板.xlsx', base64: bytes.toString('base64') }]
  },
})
