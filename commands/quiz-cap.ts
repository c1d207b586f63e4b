import { defineCommand } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { dailyCap, PERFECT_BONUS, POINTS_PER_CORRECT, setDailyCap } from '../src/quiz/settings.js'

// /答题 上限 [分数] — shows or sets the daily cap on personal quiz points.
export default defineCommand({
  name: 'quiz-cap',
  aliases: ['答题 上限'],
  summary: 'cmd.quiz-cap.summary',
  usage: 'cmd.quiz-cap.usage',
  examples: 'cmd.quiz-cap.examples',
  scope: 'any',
  role: 'admin',
  parse: (args) => {
    const cap = args.remaining ? args.int('上限', { min: 0, max: 1000 }) : undefined
    args.end()
    return { cap }
  },
  async run(ctx, { cap }) {
    if (cap === undefined) return t('quiz.capShow', { cap: await dailyCap(ctx.db), per: POINTS_PER_CORRECT, bonus: PERFECT_BONUS })
    await setDailyCap(ctx.db, cap, ctx.now)
    return t('quiz.capSet', { cap })
  },
})
