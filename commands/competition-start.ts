import { defineCommand } from '../src/bot/command.js'
import { ArgError } from '../src/bot/args.js'
import { nfkc } from '../src/bot/normalize.js'
import { startCompetition } from '../src/quiz/competition.js'
import { compEnvOf } from '../src/quiz/competition-input.js'
import { DEFAULT_COUNT, DEFAULT_FIRST_BONUS, DEFAULT_SECONDS } from '../src/quiz/scoring.js'

// /竞赛 开始 [题数] [每题秒数] [标签] [加分N] — a live competition in this group.
export default defineCommand({
  name: 'competition-start',
  aliases: ['竞赛 开始', '知识竞赛 开始'],
  summary: 'cmd.competition-start.summary',
  usage: 'cmd.competition-start.usage',
  examples: 'cmd.competition-start.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => {
    const count = args.optionalInt('题数', { min: 1, max: 30 }) ?? DEFAULT_COUNT
    const seconds = args.optionalInt('每题秒数', { min: 5, max: 300 }) ?? DEFAULT_SECONDS
    let tag: string | undefined
    let bonus = DEFAULT_FIRST_BONUS
    for (let w = args.optionalWord(); w !== undefined; w = args.optionalWord()) {
      const m = /^(?:首答)?加分(\d{1,3})$/.exec(nfkc(w))
      if (m) bonus = Number(m[1])
      else if (tag === undefined) tag = w
      else throw new ArgError('args.tooMany', { extra: w })
    }
    return { count, seconds, tag, bonus }
  },
  async run(ctx, opts) {
    return startCompetition(compEnvOf(ctx), { chatId: ctx.chat.id, by: ctx.sender.userid, ...opts })
  },
})
