import { defineCommand } from '../src/bot/command.js'
import { UserError } from '../src/errors.js'
import { t } from '../src/i18n/index.js'
import { audit, displayName, isAdmin, resolveMention } from '../src/members/members.js'

export default defineCommand({
  name: 'admin-add',
  aliases: ['管理员 添加'],
  summary: 'cmd.admin-add.summary',
  usage: 'cmd.admin-add.usage',
  examples: 'cmd.admin-add.examples',
  scope: 'any',
  role: 'admin',
  parse: (args) => {
    const who = args.mention()
    args.end()
    return { who }
  },
  async run(ctx, { who }) {
    const userid = await resolveMention(ctx.db, who, ctx.chat.type === 'group' ? ctx.chat.id : undefined)
    if (!userid) throw new UserError('members.notFound', { name: who })
    const user = await displayName(ctx.db, userid)
    if (await isAdmin(ctx.db, ctx.config.adminUserIds, userid)) return t('admin.alreadyAdmin', { user })
    const at = ctx.now.toISOString()
    await ctx.db.insertInto('admins').values({ userid, added_by: ctx.sender.userid, added_at: at }).execute()
    await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'admin.add', target: userid, chatId: ctx.chat.id })
    return t('admin.added', { user })
  },
})
