// The Thursday reminder: in each group, @ only the members not yet done with this week's sign-in,
// note or quiz (members on leave are skipped), in plain words. Members behind several weeks in a
// row are escalated: first privately to themselves, later to the group's admins (configurable).
import { isRestDay } from '../calendar/calendar.js'
import type { Config } from '../config.js'
import type { DbOrTrx } from '../deps.js'
import { groupAdmins, groupNames } from '../groups/groups.js'
import { t } from '../i18n/index.js'
import { adminIds, displayNames } from '../members/members.js'
import { toGroup, toUser, type OutboxItem } from '../outbox/outbox.js'
import { shiftWeek } from '../plans/weeks.js'
import { dayKey } from '../time.js'
import { weekProgress, type Item, type WeekProgress } from './progress.js'

const ITEM_WORD: Record<Item, string> = { signin: '签到', note: '学习心得', quiz: '答题' }
export const itemWords = (items: Item[]): string => items.map((i) => ITEM_WORD[i]).join('、')
const MAX_LISTED = 40

/** Weeks in a row (ending with `current`) each member has been behind. */
async function behindStreaks(db: DbOrTrx, current: WeekProgress, lookback: number, tz: string): Promise<Map<string, number>> {
  const streak = new Map(current.behind.map((b) => [b.userid, 1]))
  let alive = new Set(streak.keys())
  for (let back = 1; back < lookback && alive.size > 0; back++) {
    const p = await weekProgress(db, current.chatId, shiftWeek(current.week, -back, tz), tz)
    const behindThen = new Set(p.behind.map((b) => b.userid))
    alive = new Set([...alive].filter((u) => behindThen.has(u)))
    for (const u of alive) streak.set(u, back + 1)
  }
  return streak
}

/** The outbox items of one group's reminder for `week` (empty on a rest day or when nobody is behind). */
export async function reminderItems(db: DbOrTrx, config: Config, chatId: string, week: string, at: Date): Promise<OutboxItem[]> {
  const tz = config.timezone
  const today = dayKey(at, tz)
  if (await isRestDay(db, chatId, today)) return []
  const p = await weekProgress(db, chatId, week, tz, today)
  if (p.behind.length === 0) return []
  const names = await displayNames(db, p.behind.map((b) => b.userid))
  const group = (await groupNames(db)).get(chatId) ?? chatId
  const listed = p.behind.slice(0, MAX_LISTED)
  const lines = listed.map((b) => t('jobs.reminder.line', { name: names.get(b.userid)!, items: itemWords(b.missing) }))
  if (p.behind.length > listed.length) lines.push(t('jobs.reminder.more', { n: p.behind.length - listed.length }))
  const items: OutboxItem[] = [
    {
      to: toGroup(chatId),
      message: { type: 'text', content: t('jobs.reminder.group', { lines: lines.join('\n') }), mentions: listed.map((b) => b.userid) },
      key: `reminder:${week}:${chatId}`,
    },
  ]
  const { reminderPrivateAfterWeeks: privately, reminderAdminsAfterWeeks: toAdmins } = config.jobs
  const lookback = Math.max(privately, toAdmins)
  if (lookback < 2) return items
  const streaks = await behindStreaks(db, p, lookback, tz)
  const escalated: string[] = []
  for (const b of p.behind) {
    const weeks = streaks.get(b.userid) ?? 1
    if (privately > 0 && weeks >= privately) {
      items.push({
        to: toUser(b.userid),
        message: { type: 'markdown', content: t('jobs.reminder.private', { name: names.get(b.userid)!, group, weeks, items: itemWords(b.missing) }) },
        key: `reminder-private:${week}:${chatId}:${b.userid}`,
      })
    }
    if (toAdmins > 0 && weeks >= toAdmins) escalated.push(t('jobs.reminder.adminLine', { name: names.get(b.userid)!, weeks, items: itemWords(b.missing) }))
  }
  if (escalated.length) {
    for (const admin of await groupAdmins(db, chatId, await adminIds(db, config.adminUserIds))) {
      items.push({
        to: toUser(admin),
        message: { type: 'markdown', content: t('jobs.reminder.admins', { group, lines: escalated.join('\n') }) },
        key: `reminder-admins:${week}:${chatId}:${admin}`,
      })
    }
  }
  return items
}
