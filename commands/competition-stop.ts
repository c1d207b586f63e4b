import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { stopCompetition } from '../src/quiz/competition.js'
import { compEnvOf } from '../src/quiz/competition-input.js'

// /竞赛 结束 — stops the group's competition early (results of the current question, the podium).
export default defineCommand({
  name: 'competition-stop',
  aliases: ['竞赛 结束', '竞赛 停止'],
  summary: 'cmd.competition-stop.summary',
  usage: 'cmd.competition-stop.usage',
  scope: 'group',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    return (await stopCompetition(compEnvOf(ctx), ctx.chat.id)) ? t('comp.stopped') : t('comp.none')
  },
})
