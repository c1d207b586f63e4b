// Make-up sign-in (补签) by an admin: marks the member's day as studied and signs them into that
// day's finished sessions of the group; audited with who, when and why.
import type { DbOrTrx } from '../deps.js'
import { UserError } from '../errors.js'
import { audit } from '../members/members.js'
import { award } from '../points/ledger.js'
import { dayKey } from '../time.js'
import { markDay } from './checkin.js'
import { sessionsBetween } from './sessions.js'

export async function makeUp(
  db: DbOrTrx,
  m: { chatId: string; userid: string; day: string; reason: string; actor: string; now: Date; tz: string },
): Promise<{ sessions: string[]; dayAdded: boolean }> {
  if (m.day > dayKey(m.now, m.tz)) throw new UserError('attendance.makeup.future', { day: m.day })
  const at = m.now.toISOString()
  const day = await markDay(db, { chatId: m.chatId, userid: m.userid, at: m.now, tz: m.tz, source: 'makeup', day: m.day })
  const sessions: string[] = []
  const ids: number[] = []
  for (const s of await sessionsBetween(db, m.chatId, m.day, m.day)) {
    if (s.opens_at > at) continue
    const r = await db
      .insertInto('att_records')
      .values({ session_id: s.id, chat_id: m.chatId, userid: m.userid, status: 'makeup', at, via: 'makeup' })
      .onConflict((oc) => oc.columns(['session_id', 'userid']).doNothing())
      .executeTakeFirst()
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) {
      sessions.push(s.topic)
      ids.push(s.id)
    }
  }
  if (!day.inserted && sessions.length === 0) throw new UserError('attendance.makeup.nothing', { day: m.day })
  await award(db, { key: `makeup:${m.chatId}:${m.userid}:${m.day}`, userid: m.userid, chatId: m.chatId, rule: 'session.makeup', at: m.now, tz: m.tz, detail: { day: m.day } })
  await audit(db, { at, actor: m.actor, action: 'attendance.makeup', chatId: m.chatId, target: m.userid, detail: { day: m.day, reason: m.reason, sessions: ids } })
  return { sessions, dayAdded: day.inserted }
}
