// The weekly assignment push of one group, shared by the job and /任务 预览: the card, and when it
// goes out — at the scheduled time, or, when that day is a rest day or holiday for the group,
// at the same time on the week's first working day after it (skipped when the week has none).
import { restDayChecker } from '../calendar/calendar.js'
import type { Config } from '../config.js'
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { atLocal, hhmm, local, shortDate } from '../time.js'
import type { TemplateCard, OutMessage } from '../wecom/types.js'
import { assignmentForWeek, quizTagsOf, type Assignment } from './assignments.js'
import { daysOfWeek } from './weeks.js'

export type AssignmentPush =
  | { kind: 'send'; at: Date; deferredFrom?: string; assignment: Assignment; message: OutMessage }
  | { kind: 'none' }
  | { kind: 'rest'; day: string }

const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s)

export function assignmentCard(a: Assignment, config: Config): TemplateCard {
  const tz = config.timezone
  const due = new Date(a.due_at)
  const dueText = `${shortDate(due, tz)} ${hhmm(due, tz)}`
  const tags = quizTagsOf(a)
  const items = [
    { keyname: '学习内容', value: cut(a.title, 26) },
    { keyname: '心得要求', value: a.note_min > 0 ? t('jobs.assignment.noteMin', { n: a.note_min }) : t('jobs.assignment.noteFree') },
    { keyname: '截止时间', value: dueText },
    ...(tags.length ? [{ keyname: '答题范围', value: cut(tags.join('、'), 26) }] : []),
  ]
  const link = a.link ?? undefined
  return {
    card_type: 'text_notice',
    source: { desc: cut(config.botName, 13) },
    main_title: { title: cut(t('jobs.assignment.title', { title: a.title }), 26), desc: cut(t('jobs.assignment.desc', { week: a.week, due: dueText }), 30) },
    ...(a.note_min > 0 ? { emphasis_content: { title: t('jobs.assignment.emphasis', { n: a.note_min }), desc: t('jobs.assignment.emphasisDesc') } } : {}),
    sub_title_text: cut(a.material || t('jobs.assignment.readLink'), 112),
    horizontal_content_list: items,
    ...(link ? { jump_list: [{ type: 1 as const, title: t('jobs.assignment.open'), url: link }] } : {}),
    card_action: { type: 1, url: link ?? config.publicUrl ?? 'https://work.weixin.qq.com/' },
    task_id: `assignment_${a.week.replace(/[^0-9A-Za-z]/g, '')}_${a.id}`,
  }
}

/** What the weekly push of `week` does for a group whose push is due at `scheduledAt`. */
export async function planAssignmentPush(db: DbOrTrx, chatId: string, week: string, scheduledAt: Date, config: Config): Promise<AssignmentPush> {
  const tz = config.timezone
  const assignment = await assignmentForWeek(db, chatId, week)
  if (!assignment) return { kind: 'none' }
  const days = daysOfWeek(week, tz)
  const isRest = await restDayChecker(db, chatId, days[0]!, days[6]!)
  const due = local(scheduledAt, tz)
  const start = due.toISODate()!
  const day = days.find((d) => d >= start && !isRest(d))
  if (!day) return { kind: 'rest', day: start }
  const at = day === start ? scheduledAt : atLocal(day, due.toFormat('HH:mm'), tz)
  const message: OutMessage = { type: 'card', card: assignmentCard(assignment, config) }
  return { kind: 'send', at, ...(day !== start ? { deferredFrom: start } : {}), assignment, message }
}
