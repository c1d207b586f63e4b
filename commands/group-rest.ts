import { defineCommand } from '../src/bot/command.js'
import { overrides, setRestDay } from '../src/calendar/calendar.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'
import { dayKey } from '../src/time.js'

const KINDS = { 休息: 'rest', 放假: 'rest', 上班: 'work', 补班: 'work', 恢复: undefined, 取消: undefined } as const
type KindWord = keyof typeof KINDS

export default defineCommand({
  name: 'group-rest',
  aliases: ['群 休息日'],
  summary: 'cmd.group-rest.summary',
  usage: 'cmd.group-rest.usage',
  examples: 'cmd.group-rest.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => {
    const days: string[] = []
    for (let d = args.optionalDate(); d; d = args.optionalDate()) days.push(d)
    const word = args.maybe(Object.keys(KINDS) as KindWord[]) ?? '休息'
    if (days.length === 0 && args.remaining > 0) days.push(args.date('日期'))
    args.end()
    return { days, word }
  },
  async run(ctx, { days, word }) {
    const tz = ctx.config.timezone
    if (days.length === 0) {
      const today = dayKey(ctx.now, tz)
      const rows = await overrides(ctx.db, ctx.chat.id, today, '9999-12-31')
      if (rows.length === 0) return t('groups.restNone')
      const list = rows.map((r) => `- ${r.day} ${r.kind === 'rest' ? t('groups.restKind') : t('groups.workKind')}`).join('\n')
      return t('groups.restList', { list })
    }
    const kind = KINDS[word]
    const at = ctx.now.toISOString()
    for (const day of days) await setRestDay(ctx.db, ctx.chat.id, day, kind, { userid: ctx.sender.userid, at })
    await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'group.rest', chatId: ctx.chat.id, detail: { days, kind: kind ?? 'clear' } })
    return t('groups.restSet', { days: days.join('、'), what: kind === undefined ? t('groups.restCleared') : kind === 'rest' ? t('groups.restKind') : t('groups.workKind') })
  },
})
