import { oneMention } from '../src/bot/parsers.js'
import { mentionedUser } from '../src/members/mention.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName } from '../src/members/members.js'
import { removeFromRoster } from '../src/members/roster.js'

export default defineCommand({
  name: 'roster-remove',
  aliases: ['成员 移除', '成员 删除'],
  summary: 'cmd.roster-remove.summary',
  usage: 'cmd.roster-remove.usage',
  scope: 'group',
  role: 'admin',
  parse: oneMention,
  async run(ctx, { who }) {
    const userid = await mentionedUser(ctx.db, who, ctx.chat)
    const name = await displayName(ctx.db, userid)
    const at = ctx.now.toISOString()
    if (!(await removeFromRoster(ctx.db, ctx.chat.id, userid, at))) return t('roster.notMember', { name })
    await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'roster.remove', chatId: ctx.chat.id, target: userid })
    return t('roster.removed', { name })
  },
})
