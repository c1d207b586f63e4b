// Session life cycle driven by the scheduler: announce (the day before), open (post the card),
// close (summary in the group, absentees privately to each admin). Each step is found by a
// due-query and claimed with a conditional update, so two instances never do it twice; every
// message goes through the outbox with a dedupe key.
import type { Config } from '../config.js'
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { adminIds, displayNames } from '../members/members.js'
import { toGroup, toUser, type Outbox } from '../outbox/outbox.js'
import { atLocal, hhmm } from '../time.js'
import { sessionCard } from './cards.js'
import { addDays, dayLabel } from './days.js'
import { policyFor } from './policy.js'
import { summarizeSession } from './report.js'
import type { Session } from './sessions.js'

export interface ScheduleEnv {
  db: DbOrTrx
  outbox: Outbox
  config: Pick<Config, 'timezone' | 'adminUserIds' | 'botName'>
}

/** When a scheduled session is announced: the day before, at the policy's announce time. */
export function announceTime(s: Session, announceAt: string, tz: string): Date {
  return atLocal(addDays(s.day, -1), announceAt, tz)
}

/** Scheduled sessions not announced yet whose announce time has come (and that have not opened). */
export async function dueAnnouncements(db: DbOrTrx, now: Date, tz = 'Asia/Shanghai'): Promise<Session[]> {
  const at = now.toISOString()
  const rows = await db.selectFrom('att_sessions').selectAll().where('scheduled', '=', 1).where('announced_at', 'is', null).where('opens_at', '>', at).orderBy('opens_at').execute()
  const out: Session[] = []
  for (const s of rows) if (announceTime(s, (await policyFor(db, s.chat_id)).announceAt, tz) <= now) out.push(s)
  return out
}

/** Scheduled sessions whose opening time has come and whose card has not been posted. */
export async function dueOpenings(db: DbOrTrx, now: Date): Promise<Session[]> {
  return db.selectFrom('att_sessions').selectAll().where('opened_at', 'is', null).where('opens_at', '<=', now.toISOString()).orderBy('opens_at').execute()
}

/** Sessions past their close time whose summary has not been posted. */
export async function dueClosings(db: DbOrTrx, now: Date): Promise<Session[]> {
  return db.selectFrom('att_sessions').selectAll().where('closed_at', 'is', null).where('closes_at', '<=', now.toISOString()).orderBy('closes_at').execute()
}

async function claim(db: DbOrTrx, id: number, column: 'announced_at' | 'opened_at' | 'closed_at', now: Date): Promise<boolean> {
  const r = await db.updateTable('att_sessions').set({ [column]: now.toISOString() }).where('id', '=', id).where(column, 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function announceSession(env: ScheduleEnv, s: Session, now: Date): Promise<boolean> {
  if (!(await claim(env.db, s.id, 'announced_at', now))) return false
  const content = t('attendance.announce', { date: dayLabel(s.day), time: hhmm(new Date(s.opens_at), env.config.timezone), topic: s.topic })
  await env.outbox.enqueue(env.db, { to: toGroup(s.chat_id), message: { type: 'markdown', content }, key: `attendance:announce:${s.id}` })
  return true
}

export async function openScheduledSession(env: ScheduleEnv, s: Session, now: Date): Promise<boolean> {
  if (!(await claim(env.db, s.id, 'opened_at', now))) return false
  // Caught up after the window (process was down): no card; the close step still reports.
  if (s.closes_at <= now.toISOString()) return true
  await env.outbox.enqueue(env.db, { to: toGroup(s.chat_id), message: { type: 'card', card: sessionCard(s, env.config.timezone), fallback: t('attendance.session.openFallback', { topic: s.topic, bot: env.config.botName }) }, key: `attendance:open:${s.id}` })
  return true
}

export async function closeSession(env: ScheduleEnv, s: Session, now: Date): Promise<boolean> {
  if (!(await claim(env.db, s.id, 'closed_at', now))) return false
  const tz = env.config.timezone
  const sheet = await summarizeSession(env.db, s, now)
  const c = sheet.counts
  const total = sheet.marks.size
  await env.outbox.enqueue(env.db, {
    to: toGroup(s.chat_id),
    message: { type: 'markdown', content: t('attendance.close.group', { topic: s.topic, total, ontime: c.ontime, late: c.late, makeup: c.makeup, excused: c.excused, absent: c.absent }) },
    key: `attendance:close:${s.id}`,
  })
  const absent = [...sheet.marks].filter(([, m]) => m === 'absent').map(([u]) => u)
  if (absent.length === 0) return true
  const names = await displayNames(env.db, absent)
  const chat = await env.db.selectFrom('chats').select('name').where('chat_id', '=', s.chat_id).executeTakeFirst()
  const content = t('attendance.close.admin', {
    topic: s.topic,
    group: chat?.name ?? s.chat_id,
    date: dayLabel(s.day),
    time: hhmm(new Date(s.opens_at), tz),
    count: absent.length,
    names: absent.map((u) => names.get(u) ?? u).join('、'),
  })
  for (const admin of await adminIds(env.db, env.config.adminUserIds)) {
    await env.outbox.enqueue(env.db, { to: toUser(admin), message: { type: 'markdown', content }, key: `attendance:absent:${s.id}:${admin}` })
  }
  return true
}

/** One scheduler tick for all three steps (what the jobs run). Returns how many sessions moved. */
export async function runDue(env: ScheduleEnv, now: Date, step: 'announce' | 'open' | 'close'): Promise<number> {
  let n = 0
  if (step === 'announce') for (const s of await dueAnnouncements(env.db, now, env.config.timezone)) n += Number(await announceSession(env, s, now))
  if (step === 'open') for (const s of await dueOpenings(env.db, now)) n += Number(await openScheduledSession(env, s, now))
  if (step === 'close') for (const s of await dueClosings(env.db, now)) n += Number(await closeSession(env, s, now))
  return n
}
