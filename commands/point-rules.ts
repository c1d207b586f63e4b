import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { POINT_RULES, type PointRule } from '../src/points/rules.js'

export default defineCommand({
  name: 'point-rules',
  aliases: ['积分规则', 'rules'],
  summary: 'cmd.point-rules.summary',
  usage: 'cmd.point-rules.usage',
  scope: 'any',
  role: 'member',
  parse: noArgs,
  async run() {
    const rules = Object.values(POINT_RULES as Record<string, PointRule>)
    const lines = rules.map((r) => t(r.variable ? 'pointRules.variable' : 'pointRules.line', { label: r.label, points: r.points }))
    return [t('pointRules.title'), ...lines].join('\n')
  },
})
