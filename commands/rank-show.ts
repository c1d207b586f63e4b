import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { show } from '../src/leaderboard/hidden.js'

export default defineCommand({
  name: 'rank-show',
  aliases: ['排行 显示'],
  summary: 'cmd.rank-show.summary',
  usage: 'cmd.rank-show.usage',
  scope: 'any',
  role: 'member',
  parse: noArgs,
  async run(ctx) {
    return (await show(ctx.db, ctx.sender.userid)) ? t('rank.shown') : t('rank.alreadyShown')
  },
})
