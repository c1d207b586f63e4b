import { defineCommand } from '../src/bot/command.js'
import { SESSION_KEY, sessionCard, sessionCardResult } from '../src/attendance/cards.js'
import { policyFor } from '../src/attendance/policy.js'
import { readSessionArgs } from '../src/attendance/session-args.js'
import { createSession, sessionById } from '../src/attendance/sessions.js'
import { sessionReply } from '../src/attendance/sign-in-reply.js'
import { t } from '../src/i18n/index.js'

export default defineCommand({
  name: 'session-start',
  aliases: ['发起签到', 'kq'],
  summary: 'cmd.session-start.summary',
  usage: 'cmd.session-start.usage',
  examples: 'cmd.session-start.examples',
  scope: 'group',
  role: 'admin',
  parse: readSessionArgs,
  async run(ctx, a) {
    const policy = await policyFor(ctx.db, ctx.chat.id)
    const session = await createSession(ctx.db, {
      chatId: ctx.chat.id,
      topic: a.topic,
      opensAt: ctx.now,
      minutes: a.minutes ?? policy.defaultMinutes,
      lateMinutes: a.lateMinutes ?? policy.defaultLateMinutes,
      createdBy: ctx.sender.userid,
      now: ctx.now,
      tz: ctx.config.timezone,
      scheduled: false,
    })
    return { type: 'card', card: sessionCard(session, ctx.config.timezone) }
  },
  // The 签到 button: the clicker's copy of the card shows their result.
  cardPrefixes: [SESSION_KEY],
  async onCard(ctx, event) {
    const session = await sessionById(ctx.db, Number(event.key.slice(SESSION_KEY.length)))
    if (!session) return t('attendance.session.gone')
    const r = await sessionReply(ctx, session, 'card')
    return sessionCardResult(session, ctx.config.timezone, ctx.sender.userid, r.text, r.button)
  },
})
