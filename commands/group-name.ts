import { defineCommand } from '../src/bot/command.js'
import { UserError } from '../src/errors.js'
import { nameGroup } from '../src/groups/groups.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'

export default defineCommand({
  name: 'group-name',
  aliases: ['群 命名', '群 改名'],
  summary: 'cmd.group-name.summary',
  usage: 'cmd.group-name.usage',
  examples: 'cmd.group-name.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => {
    const name = args.rest().replace(/\s+/g, ' ')
    if (!name) return { name: args.word('名称') }
    return { name }
  },
  async run(ctx, { name }) {
    if ([...name].length > 30 || /[\n\r\t<>`*]/.test(name)) throw new UserError('groups.badName')
    if (!(await nameGroup(ctx.db, ctx.chat.id, name))) throw new UserError('groups.nameTaken', { name })
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'group.name', chatId: ctx.chat.id, target: name })
    return t('groups.named', { name })
  },
})
