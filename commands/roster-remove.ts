import { defineCommand } from '../src/bot/command.js'
import { UserError } from '../src/errors.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName, resolveMention } from '../src/members/members.js'
import { removeFromRoster } from '../src/members/roster.js'

export default defineCommand({
  name: 'roster-remove',
  aliases: ['成员 移除', '成员 删除'],
  summary: 'cmd.roster-remove.summary',
  usage: 'cmd.roster-remove.usage',
  scope: 'group',
  role: 'admin',
  parse: (args) => {
    const who = args.mention()
    args.end()
    return { who }
  },
  async run(ctx, { who }) {
    const userid = await resolveMention(ctx.db, who, ctx.chat.id)
    if (!userid) throw new UserError('members.notFound', { name: who })
    const name = await displayName(ctx.db, userid)
    const at = ctx.now.toISOString()
    if (!(await removeFromRoster(ctx.db, ctx.chat.id, userid, at))) return t('roster.notMember', { name })
    await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'roster.remove', chatId: ctx.chat.id, target: userid })
    return t('roster.removed', { name })
  },
})
