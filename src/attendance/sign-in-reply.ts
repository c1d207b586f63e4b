// Signing into a session from /签到 or from the card button: one outcome, two renderings
// (a chat reply, or the text on the clicker's card).
import type { CommandContext } from '../bot/command.js'
import { t } from '../i18n/index.js'
import { hhmm } from '../time.js'
import { signIntoSession, type Session } from './sessions.js'

export interface SessionReply {
  text: string
  /** short text for the card's button */
  button: string
}

export async function sessionReply(ctx: CommandContext, session: Session, via: 'command' | 'card'): Promise<SessionReply> {
  const tz = ctx.config.timezone
  const time = (iso: string) => hhmm(new Date(iso), tz)
  const r = await signIntoSession(ctx.db, session, ctx.sender.userid, ctx.now, tz, via)
  const topic = session.topic
  switch (r.kind) {
    case 'signed': {
      const points = r.points ? t('attendance.checkin.points', { points: r.points }) : ''
      return {
        text: t(r.status === 'ontime' ? 'attendance.session.ontime' : 'attendance.session.late', { name: ctx.sender.name, topic, time: time(r.at), points }),
        button: t('attendance.card.signed', { time: time(r.at) }),
      }
    }
    case 'already':
      return {
        text: t('attendance.session.already', { topic, time: time(r.at), status: t(`attendance.status.${r.status}`) }),
        button: t('attendance.card.signed', { time: time(r.at) }),
      }
    case 'closed':
      return { text: t('attendance.session.closed', { topic, time: time(session.closes_at) }), button: t('attendance.card.closedButton') }
    case 'notYet':
      return { text: t('attendance.session.notYet', { topic, time: time(session.opens_at) }), button: t('attendance.card.button') }
  }
}
