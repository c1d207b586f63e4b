import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { bankStats, type QuestionStat } from '../src/quiz/stats.js'

// /题库 统计 — correct rate and average time per question: hardest, easiest, and 0% / 100% flags.
const clip = (s: string) => ([...s].length > 24 ? [...s].slice(0, 23).join('') + '…' : s)
const line = (s: QuestionStat) =>
  t('bank.stats.line', { id: s.id, stem: clip(s.stem), rate: Math.round(s.rate * 100), correct: s.correct, answered: s.answered, avg: s.avgSeconds.toFixed(1) })
const ids = (list: QuestionStat[]) => list.slice(0, 20).map((s) => `#${s.id}`).join('、') + (list.length > 20 ? ` 等 ${list.length} 题` : '')

export default defineCommand({
  name: 'bank-stats',
  aliases: ['题库 统计'],
  summary: 'cmd.bank-stats.summary',
  usage: 'cmd.bank-stats.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    const s = await bankStats(ctx.db)
    const parts = [t('bank.stats.title', { questions: s.questions, answered: s.answeredQuestions })]
    if (s.answeredQuestions === 0) return [...parts, t('bank.stats.none')].join('\n')
    parts.push(t('bank.stats.hardest'), ...s.hardest.map(line), '', t('bank.stats.easiest'), ...s.easiest.map(line))
    if (s.allWrong.length) parts.push('', t('bank.stats.allWrong', { list: ids(s.allWrong) }))
    if (s.allRight.length) parts.push('', t('bank.stats.allRight', { list: ids(s.allRight) }))
    return parts.join('\n')
  },
})
