import { defineCommand } from '../src/bot/command.js'
import { ArgError } from '../src/bot/args.js'
import { t } from '../src/i18n/index.js'
import { audit, resolveMention } from '../src/members/members.js'
import { addToRoster, cleanName, isUserid } from '../src/members/roster.js'

export default defineCommand({
  name: 'roster-add',
  aliases: ['成员 添加', '成员 加入'],
  summary: 'cmd.roster-add.summary',
  usage: 'cmd.roster-add.usage',
  examples: 'cmd.roster-add.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => {
    const who = args.mention()
    const typed = args.optionalWord()
    args.end()
    const name = typed === undefined ? undefined : cleanName(typed)
    if (typed !== undefined && !name) throw new ArgError('roster.badName')
    return { who, name }
  },
  async run(ctx, { who, name }) {
    // A known person (userid or roster name), else a new userid typed after @.
    const userid = (await resolveMention(ctx.db, who)) ?? who
    if (!isUserid(userid)) return t('roster.badUserid', { value: who })
    const at = ctx.now.toISOString()
    const fresh = await addToRoster(ctx.db, { chatId: ctx.chat.id, userid, ...(name ? { name } : {}), at })
    await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'roster.add', chatId: ctx.chat.id, target: userid, detail: { name } })
    return t(fresh ? 'roster.added' : 'roster.updated', { name: name ?? userid, userid })
  },
})
