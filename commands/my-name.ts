import { defineCommand } from '../src/bot/command.js'
import { ArgError } from '../src/bot/args.js'
import { t } from '../src/i18n/index.js'
import { cleanName, setName } from '../src/members/roster.js'

export default defineCommand({
  name: 'my-name',
  aliases: ['我叫', '改名'],
  summary: 'cmd.my-name.summary',
  usage: 'cmd.my-name.usage',
  examples: 'cmd.my-name.examples',
  scope: 'any',
  role: 'member',
  parse: (args) => {
    const name = cleanName(args.word('姓名'))
    args.end()
    if (!name) throw new ArgError('roster.badName')
    return { name }
  },
  async run(ctx, { name }) {
    await setName(ctx.db, ctx.sender.userid, name, ctx.now.toISOString())
    return t('roster.named', { name })
  },
})
