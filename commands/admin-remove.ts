import { oneMention } from '../src/bot/parsers.js'
import { mentionedUser } from '../src/members/mention.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName } from '../src/members/members.js'

export default defineCommand({
  name: 'admin-remove',
  aliases: ['管理员 移除', '管理员 删除'],
  summary: 'cmd.admin-remove.summary',
  usage: 'cmd.admin-remove.usage',
  scope: 'any',
  role: 'admin',
  parse: oneMention,
  async run(ctx, { who }) {
    const userid = await mentionedUser(ctx.db, who, ctx.chat)
    const user = await displayName(ctx.db, userid)
    if (ctx.config.adminUserIds.includes(userid)) return t('admin.cannotRemoveConfigured', { user })
    const removed = await ctx.db.deleteFrom('admins').where('userid', '=', userid).executeTakeFirst()
    if (Number(removed.numDeletedRows) === 0) return t('admin.notAdmin', { user })
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'admin.remove', target: userid, chatId: ctx.chat.id })
    return t('admin.removed', { user })
  },
})
