import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { lastResults } from '../src/quiz/competition.js'

// /竞赛 结果 — posts the last results of this group's competition again.
export default defineCommand({
  name: 'competition-results',
  aliases: ['竞赛 结果', '竞赛 成绩'],
  summary: 'cmd.competition-results.summary',
  usage: 'cmd.competition-results.usage',
  scope: 'group',
  role: 'member',
  parse: noArgs,
  async run(ctx) {
    return (await lastResults(ctx, ctx.chat.id)) ?? t('comp.noResults')
  },
})
