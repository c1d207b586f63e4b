import { mentionedUser } from '../src/members/mention.js'
import { defineCommand } from '../src/bot/command.js'
import { ArgError } from '../src/bot/args.js'
import { dayLabel } from '../src/attendance/days.js'
import { makeUp } from '../src/attendance/makeup.js'
import { t } from '../src/i18n/index.js'
import { displayName } from '../src/members/members.js'

export default defineCommand({
  name: 'makeup',
  aliases: ['补签'],
  summary: 'cmd.makeup.summary',
  usage: 'cmd.makeup.usage',
  examples: 'cmd.makeup.examples',
  scope: 'group',
  role: 'admin',
  parse: (args) => {
    const who = args.mention()
    const day = args.date('日期', 'past')
    const reason = args.rest()
    if (!reason || [...reason].length > 100) throw new ArgError('attendance.makeup.badReason')
    return { who, day, reason }
  },
  async run(ctx, { who, day, reason }) {
    const userid = await mentionedUser(ctx.db, who, ctx.chat)
    const r = await makeUp(ctx.db, { chatId: ctx.chat.id, userid, day, reason, actor: ctx.sender.userid, now: ctx.now, tz: ctx.config.timezone })
    return t('attendance.makeup.ok', {
      name: await displayName(ctx.db, userid),
      date: dayLabel(day),
      sessions: r.sessions.length ? t('attendance.makeup.sessions', { list: r.sessions.map((s) => `“${s}”`).join('、') }) : '',
      reason,
    })
  },
})
