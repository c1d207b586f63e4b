import { oneMention } from '../src/bot/parsers.js'
import { mentionedUser } from '../src/members/mention.js'
import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName, isAdmin } from '../src/members/members.js'

export default defineCommand({
  name: 'admin-add',
  aliases: ['管理员 添加'],
  summary: 'cmd.admin-add.summary',
  usage: 'cmd.admin-add.usage',
  examples: 'cmd.admin-add.examples',
  scope: 'any',
  role: 'admin',
  parse: oneMention,
  async run(ctx, { who }) {
    const userid = await mentionedUser(ctx.db, who, ctx.chat)
    const user = await displayName(ctx.db, userid)
    if (await isAdmin(ctx.db, ctx.config.adminUserIds, userid)) return t('admin.alreadyAdmin', { user })
    const at = ctx.now.toISOString()
    await ctx.db.insertInto('admins').values({ userid, added_by: ctx.sender.userid, added_at: at }).execute()
    await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'admin.add', target: userid, chatId: ctx.chat.id })
    return t('admin.added', { user })
  },
})
