// HOLIDAY_CALENDAR_FILE: the organisation's own rest days and make-up workdays (调休), loaded at
// start. They override the statutory calendar (chinese-days); a group's own overrides win over both.
import { readFileSync } from 'node:fs'
import type { Deps } from '../deps.js'
import { CalendarFileError, importOrgCalendar, parseCalendar } from './calendar.js'

export async function loadCalendarFile(deps: Pick<Deps, 'db' | 'clock' | 'log'>, path: string): Promise<number> {
  let entries
  try {
    entries = parseCalendar(readFileSync(path, 'utf8'))
  } catch (err) {
    const why = err instanceof CalendarFileError ? `第 ${err.line} 行看不懂“${err.value}”` : (err as Error).message
    throw new Error(`HOLIDAY_CALENDAR_FILE（${path}）无法读取：${why}`)
  }
  const n = await deps.db.transaction().execute((trx) => importOrgCalendar(trx, entries, { userid: 'config', at: deps.clock.now().toISOString() }))
  deps.log.info({ path, days: n }, 'organisation calendar loaded')
  return n
}
