import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { countByType, tagCounts } from '../src/quiz/bank.js'

// /题库 — how many questions of each type, and the tags to use with /答题 and /竞赛 开始.
export default defineCommand({
  name: 'bank',
  aliases: ['题库'],
  summary: 'cmd.bank.summary',
  usage: 'cmd.bank.usage',
  scope: 'any',
  role: 'member',
  parse: noArgs,
  async run(ctx) {
    const types = await countByType(ctx.db)
    const tags = await tagCounts(ctx.db)
    const total = types.single + types.multi + types.judge + types.fill
    const list = tags.length ? tags.map((x) => `${x.tag}（${x.count}）`).join('、') : t('bank.noTags')
    return t('bank.overview', { total, ...types, tags: list })
  },
})
