import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isRestDay } from '../../src/calendar/calendar.js'
import { loadCalendarFile } from '../../src/calendar/load-file.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => (deps = await createTestDeps()))
afterEach(() => deps.dbh.drop())

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cal-')), 'calendar.csv')
  writeFileSync(path, text)
  return path
}

describe('the organisation calendar file', () => {
  it('overrides the statutory calendar: an extra rest day and a make-up Saturday', async () => {
    expect(await isRestDay(deps.db, 'wr-dyzb', '2026-11-25')).toBe(false)
    expect(await isRestDay(deps.db, 'wr-dyzb', '2026-11-28')).toBe(true)
    const n = await loadCalendarFile(deps, file('日期,类型,说明\n2026-11-25,休息,支部活动日\n2026-11-28,补班,调休\n'))
    expect(n).toBe(2)
    expect(await isRestDay(deps.db, 'wr-dyzb', '2026-11-25')).toBe(true)
    expect(await isRestDay(deps.db, 'wr-dyzb', '2026-11-28')).toBe(false)
  })
  it('names the bad line in plain words and changes nothing', async () => {
    await expect(loadCalendarFile(deps, file('2026-11-25,休息\n2026-13-01,休息\n'))).rejects.toThrow('第 2 行看不懂“2026-13-01”')
    expect(await isRestDay(deps.db, 'wr-dyzb', '2026-11-25')).toBe(false)
  })
})
