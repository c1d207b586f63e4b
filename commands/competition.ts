import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { activeCompetition } from '../src/quiz/competition.js'
import { competitionCard, competitionText } from '../src/quiz/competition-input.js'
import { questionIdsOf } from '../src/quiz/competition-flow.js'

// /竞赛 — where the group's competition stands. Also receives the answers ("@学习助手 A" through
// onText, card clicks through onCard).
export default defineCommand({
  name: 'competition',
  aliases: ['竞赛', '知识竞赛'],
  summary: 'cmd.competition.summary',
  usage: 'cmd.competition.usage',
  scope: 'group',
  role: 'member',
  parse: noArgs,
  async run(ctx) {
    const c = await activeCompetition(ctx, ctx.chat.id)
    if (!c) return t('comp.none')
    const left = Math.max(0, Math.ceil((Date.parse(c.deadline_at) - ctx.now.getTime()) / 1000))
    if (c.status === 'countdown') return t('comp.statusCountdown', { left })
    return t('comp.status', { n: c.current + 1, total: questionIdsOf(c).length, left })
  },
  cardPrefixes: ['comp:', 'comp_'],
  onCard: competitionCard,
  onText: competitionText,
})
