import { defineCommand, noArgs } from '../src/bot/command.js'
import { listGroups, isUnbound } from '../src/groups/groups.js'
import { t } from '../src/i18n/index.js'
import { shortDate, hhmm } from '../src/time.js'

export default defineCommand({
  name: 'group-list',
  aliases: ['群 列表'],
  summary: 'cmd.group-list.summary',
  usage: 'cmd.group-list.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    const groups = await listGroups(ctx.db)
    if (groups.length === 0) return t('groups.none')
    const tz = ctx.config.timezone
    const lines = groups.map((g) => {
      const ways = [g.hasWebhook ? t('groups.viaWebhook') : '', g.longconn ? t('groups.viaLongconn') : ''].filter(Boolean).join('、')
      const binding = isUnbound(g) ? (g.failing ? t('groups.failing') : t('groups.unbound')) : ways
      const last = g.lastPushAt ? `${shortDate(new Date(g.lastPushAt), tz)} ${hhmm(new Date(g.lastPushAt), tz)}` : t('groups.neverPushed')
      return t('groups.line', { name: g.label, id: g.chatId, binding, last })
    })
    return t('groups.title', { count: groups.length, list: lines.join('\n') })
  },
})
