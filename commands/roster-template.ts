import { defineCommand, noArgs } from '../src/bot/command.js'
import { groupName } from '../src/attendance/leave-notify.js'
import { t } from '../src/i18n/index.js'
import { rosterTemplate } from '../src/members/roster-file.js'
import { rosterOf } from '../src/members/roster.js'

export default defineCommand({
  name: 'roster-template',
  aliases: ['成员 模板', '花名册 模板'],
  summary: 'cmd.roster-template.summary',
  usage: 'cmd.roster-template.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    // In a group the template comes pre-filled with that group's current roster.
    const rows =
      ctx.chat.type === 'group'
        ? (await rosterOf(ctx.db, ctx.chat.id)).map((m) => ({ userid: m.userid, name: m.unnamed ? '' : m.name, group: '' }))
        : []
    const group = ctx.chat.type === 'group' ? await groupName(ctx.db, ctx.chat.id) : ''
    const buffer = await rosterTemplate(rows.map((r) => ({ ...r, group })))
    return [t('roster.template'), { type: 'file', filename: t('roster.templateFile'), base64: buffer.toString('base64') }]
  },
})
