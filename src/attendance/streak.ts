// Study streaks: consecutive local days with a check-in (self, session or make-up). Rest days
// (calendar) and approved leave neither break nor extend a streak; a number of grace days per
// calendar month (policy) absorb single misses. Today, not yet over, never breaks a streak.
import { prepared } from '../db/prepared.js'
import type { DbOrTrx } from '../deps.js'
import { restDayChecker } from '../calendar/calendar.js'
import { addDays, daysBetween } from './days.js'
import { approvedLeaves } from './leave.js'

export interface Streaks {
  current: number
  longest: number
}

export interface StreakInput {
  /** days with a check-in, any order */
  done: Iterable<string>
  today: string
  isRest: (day: string) => boolean
  onLeave: (day: string) => boolean
  gracePerMonth: number
}

/** Pure: walks from the first check-in to today. */
export function computeStreaks(input: StreakInput): Streaks {
  const done = new Set(input.done)
  const first = [...done].sort()[0]
  if (!first) return { current: 0, longest: 0 }
  let run = 0
  let longest = 0
  const graceUsed = new Map<string, number>()
  for (let day = first; day <= input.today; day = addDays(day, 1)) {
    if (done.has(day)) {
      run++
      longest = Math.max(longest, run)
      continue
    }
    if (day === input.today || input.isRest(day) || input.onLeave(day)) continue
    const month = day.slice(0, 7)
    const used = graceUsed.get(month) ?? 0
    if (run > 0 && used < input.gracePerMonth) {
      graceUsed.set(month, used + 1)
      continue
    }
    run = 0
  }
  return { current: run, longest }
}

/**
 * A member's streaks up to `today`. Rest days, leave and grace matter only for a day before today
 * without a check-in, so without such a gap nothing else is read (gracePerMonth may be lazy).
 */
const checkinDays = prepared((db, v: { chatId: string; userid: string; today: string }) =>
  db.selectFrom('att_checkins').select('day').where('chat_id', '=', v.chatId).where('userid', '=', v.userid).where('day', '<=', v.today),
)

export async function streaksOf(db: DbOrTrx, chatId: string, userid: string, today: string, gracePerMonth: number | (() => Promise<number>)): Promise<Streaks> {
  const { rows } = await checkinDays(db, { chatId, userid, today })
  const days = rows.map((r) => r.day)
  const first = days.reduce((a, b) => (b < a ? b : a), today)
  const before = days.filter((d) => d < today).length
  if (before === daysBetween(first, today)) return computeStreaks({ done: days, today, isRest: () => false, onLeave: () => false, gracePerMonth: 0 })
  const isRest = await restDayChecker(db, chatId, first, today)
  const leaves = await approvedLeaves(db, chatId, first, today, userid)
  const onLeave = (day: string) => leaves.some((l) => l.from_day <= day && day <= l.to_day)
  const grace = typeof gracePerMonth === 'number' ? gracePerMonth : await gracePerMonth()
  return computeStreaks({ done: days, today, isRest, onLeave, gracePerMonth: grace })
}
