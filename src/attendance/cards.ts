// Template cards for attendance: the session sign-in card (button_interaction) and its per-user
// update after a click, and the leave request card admins get privately (批准 / 驳回).
import { t } from '../i18n/index.js'
import { hhmm, shortDate } from '../time.js'
import { dayLabel } from './days.js'
import type { CardUpdate, TemplateCard } from '../wecom/types.js'
import type { Leave } from './leave.js'
import type { Session } from './sessions.js'

export const SESSION_KEY = 'att:signin:'
export const LEAVE_APPROVE = 'att:leave:approve:'
export const LEAVE_REJECT = 'att:leave:reject:'
export const CARD_PREFIXES = ['att:']

const clip = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s)

export function sessionCard(s: Session, tz: string): TemplateCard {
  const at = (iso: string) => hhmm(new Date(iso), tz)
  return {
    card_type: 'button_interaction',
    source: { desc: t('attendance.card.source'), desc_color: 3 },
    main_title: { title: t('attendance.card.title'), desc: clip(s.topic, 30) },
    horizontal_content_list: [
      { keyname: t('attendance.card.time'), value: `${shortDate(new Date(s.opens_at), tz)} ${at(s.opens_at)}–${at(s.closes_at)}` },
      { keyname: t('attendance.card.late'), value: t('attendance.card.lateValue', { time: at(s.late_at) }) },
    ],
    button_list: [{ text: t('attendance.card.button'), style: 1, key: `${SESSION_KEY}${s.id}` }],
    task_id: `att_session_${s.id}`,
  }
}

/** What one member sees on the session card after pressing 签到. */
export function sessionCardResult(s: Session, tz: string, userid: string, line: string, button: string): CardUpdate {
  const card = sessionCard(s, tz)
  return {
    type: 'card_update',
    userids: [userid],
    card: { ...card, sub_title_text: line, button_list: [{ text: clip(button, 10), style: 2, key: `${SESSION_KEY}${s.id}` }] },
  }
}

export function leaveCard(leave: Leave, who: { name: string; group: string; what: string }, adminId: string): TemplateCard {
  return {
    card_type: 'button_interaction',
    source: { desc: t('attendance.card.source'), desc_color: 2 },
    main_title: { title: t('attendance.leave.cardTitle'), desc: clip(t('attendance.leave.cardDesc', { name: who.name, group: who.group }), 30) },
    sub_title_text: t('attendance.leave.cardBody', { what: who.what, reason: leave.reason }),
    button_list: [
      { text: t('attendance.leave.approve'), style: 1, key: `${LEAVE_APPROVE}${leave.id}` },
      { text: t('attendance.leave.reject'), style: 2, key: `${LEAVE_REJECT}${leave.id}` },
    ],
    // task_id: letters, digits and _-@ only, ≤128 bytes, unique per card
    task_id: `att_leave_${leave.id}_${adminId.replace(/[^A-Za-z0-9_@-]/g, '_')}`.slice(0, 128),
  }
}

/** The leave card after a decision, for the admin who clicked. */
export function leaveCardResult(card: TemplateCard, userid: string, line: string): CardUpdate {
  const { button_list: _b, ...rest } = card
  return { type: 'card_update', userids: [userid], card: { ...rest, card_type: 'text_notice', sub_title_text: `${card.sub_title_text ?? ''}\n\n${line}` } }
}

/** '“集中学习” 11月24日 周二' / '11月24日 周二 全天' */
export function leaveWhat(leave: Leave, topic: string | undefined): string {
  const date = dayLabel(leave.from_day)
  return leave.session_id !== null && topic ? t('attendance.leave.whatSession', { topic, date }) : t('attendance.leave.whatDay', { date })
}
