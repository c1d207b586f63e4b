import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { hide } from '../src/leaderboard/hidden.js'

export default defineCommand({
  name: 'rank-hide',
  aliases: ['排行 隐藏'],
  summary: 'cmd.rank-hide.summary',
  usage: 'cmd.rank-hide.usage',
  scope: 'any',
  role: 'member',
  parse: noArgs,
  async run(ctx) {
    return (await hide(ctx.db, ctx.sender.userid, ctx.now)) ? t('rank.hidden') : t('rank.alreadyHidden')
  },
})
