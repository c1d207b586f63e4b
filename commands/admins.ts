import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { adminIds, displayNames } from '../src/members/members.js'

export default defineCommand({
  name: 'admins',
  aliases: ['管理员'],
  summary: 'cmd.admins.summary',
  usage: 'cmd.admins.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    const ids = await adminIds(ctx.db, ctx.config.adminUserIds)
    const names = await displayNames(ctx.db, ids)
    const list = ids.map(
      (id) => `- ${names.get(id)}（${id}）${ctx.config.adminUserIds.includes(id) ? t('admin.sourceConfig') : t('admin.sourceCommand')}`,
    )
    return t('admin.title', { list: list.join('\n') })
  },
})
