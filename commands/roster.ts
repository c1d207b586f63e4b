import { defineCommand, noArgs } from '../src/bot/command.js'
import { groupName } from '../src/attendance/leave-notify.js'
import { t } from '../src/i18n/index.js'
import { adminIds } from '../src/members/members.js'
import { rosterOf } from '../src/members/roster.js'

export default defineCommand({
  name: 'roster',
  aliases: ['成员', '花名册'],
  summary: 'cmd.roster.summary',
  usage: 'cmd.roster.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    const chats =
      ctx.chat.type === 'group'
        ? [ctx.chat.id]
        : (await ctx.db.selectFrom('memberships').select('chat_id').distinct().where('left_at', 'is', null).orderBy('chat_id').execute()).map((r) => r.chat_id)
    if (chats.length === 0) return t('roster.noGroups')
    const admins = new Set(await adminIds(ctx.db, ctx.config.adminUserIds))
    const parts: string[] = []
    for (const chatId of chats) {
      const members = await rosterOf(ctx.db, chatId, { withObservers: true })
      const list = members.map((m) =>
        t('roster.line', {
          name: m.name,
          userid: m.userid,
          flags: [m.unnamed && t('roster.flagUnnamed'), m.role === 'observer' && t('roster.flagObserver'), admins.has(m.userid) && t('roster.flagAdmin')]
            .filter(Boolean)
            .map((f) => ' ' + f)
            .join(''),
        }),
      )
      parts.push(t('roster.title', { group: await groupName(ctx.db, chatId), count: members.length, list: list.join('\n') || t('roster.empty') }))
    }
    return parts.join('\n\n')
  },
})
