// The page's clock buttons: where each one moves the sandbox clock (in the bot's time zone).
import type { OffsetClock } from '../clock.js'
import { local } from '../time.js'

export const CLOCK_ACTIONS = ['mon08', 'mon09', 'thu19', 'sun20', 'plus1h', 'plus1d', 'now'] as const
export type ClockAction = (typeof CLOCK_ACTIONS)[number]

const WEEKLY: Partial<Record<ClockAction, { weekday: number; hour: number }>> = {
  mon08: { weekday: 1, hour: 8 },
  mon09: { weekday: 1, hour: 9 },
  thu19: { weekday: 4, hour: 19 },
  sun20: { weekday: 7, hour: 20 },
}

export const isClockAction = (v: unknown): v is ClockAction => CLOCK_ACTIONS.includes(v as ClockAction)

/** The next time (strictly after `now`) that is the given weekday at hour:00 in tz. */
export function nextWeekly(now: Date, tz: string, weekday: number, hour: number): Date {
  const here = local(now, tz)
  let d = here.set({ hour, minute: 0, second: 0, millisecond: 0 })
  d = d.plus({ days: (weekday - d.weekday + 7) % 7 })
  if (d <= here) d = d.plus({ weeks: 1 })
  return d.toJSDate()
}

/** Applies a clock action; returns the new now. */
export function moveClock(clock: OffsetClock, action: ClockAction, tz: string): Date {
  const weekly = WEEKLY[action]
  if (weekly) clock.set(nextWeekly(clock.now(), tz, weekly.weekday, weekly.hour))
  else if (action === 'plus1h') clock.advance(3600_000)
  else if (action === 'plus1d') clock.advance(24 * 3600_000)
  else clock.reset()
  return clock.now()
}
