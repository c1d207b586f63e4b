import { afterEach, describe, expect, it } from 'vitest'
import { computeStreaks } from '../../src/attendance/streak.js'
import { builtinRestDay, importOrgCalendar, isRestDay, parseCalendar, setRestDay } from '../../src/calendar/calendar.js'
import { setPolicy } from '../../src/attendance/policy.js'
import { ADMIN, GROUP, world, type World } from './setup.js'

let w: World | undefined
afterEach(async () => {
  await w?.deps.dbh.drop()
  w = undefined
})

const at0900 = (day: string) => `${day}T01:00:00Z` // 09:00 Asia/Shanghai
async function checkIn(day: string, who = 'zhangsan'): Promise<string> {
  w!.clock.set(at0900(day))
  return (await w!.chat.say(who, '/签到')).text
}
const streakIn = (text: string) => Number(/连续学习 \*\*(\d+)\*\* 天/.exec(text)?.[1])

describe('streaks (pure)', () => {
  const weekend = (d: string) => [0, 6].includes(new Date(d + 'T00:00:00Z').getUTCDay())
  const base = { isRest: weekend, onLeave: () => false, gracePerMonth: 0 }
  it.each([
    ['nothing', [], '2026-11-23', 0, 0],
    ['Fri then Mon across a weekend', ['2026-11-20', '2026-11-23'], '2026-11-23', 2, 2],
    ['today not yet done keeps yesterday\'s streak', ['2026-11-19', '2026-11-20'], '2026-11-23', 2, 2],
    ['a missed workday breaks it', ['2026-11-18', '2026-11-20', '2026-11-23'], '2026-11-23', 2, 2],
    ['check-in on a rest day counts', ['2026-11-20', '2026-11-21', '2026-11-23'], '2026-11-23', 3, 3],
  ] as const)('%s', (_name, done, today, current, longest) => {
    expect(computeStreaks({ ...base, done, today })).toEqual({ current, longest })
  })
  it('one grace day per calendar month absorbs a single miss', () => {
    // 11-17 missed (grace), 11-24 missed (no grace left): broken
    const done = ['2026-11-16', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23', '2026-11-25']
    expect(computeStreaks({ ...base, gracePerMonth: 1, done, today: '2026-11-25' })).toEqual({ current: 1, longest: 5 })
    expect(computeStreaks({ ...base, gracePerMonth: 2, done, today: '2026-11-25' })).toEqual({ current: 6, longest: 6 })
    // a new month brings a new grace day
    expect(computeStreaks({ ...base, gracePerMonth: 1, done: ['2026-11-27', '2026-12-01'], today: '2026-12-01' })).toEqual({ current: 2, longest: 2 })
  })
})

describe('streaks in the group (holidays, 调休, leave, grace)', () => {
  it('the statutory calendar: National Day is rest, Saturday 10-10 is a make-up workday', async () => {
    expect(builtinRestDay('2026-10-01')).toBe(true)
    expect(builtinRestDay('2026-10-10')).toBe(false)
    expect(builtinRestDay('2026-10-11')).toBe(true)
    w = await world(at0900('2026-09-30'))
    expect(streakIn(await checkIn('2026-09-30'))).toBe(1)
    expect(streakIn(await checkIn('2026-10-08'))).toBe(2) // the holiday week does not break it
    expect(streakIn(await checkIn('2026-10-09'))).toBe(3)
    // missed Saturday 10-10 (a workday): October's grace day absorbs it
    expect(streakIn(await checkIn('2026-10-12'))).toBe(4)
    // missed 10-13: no grace left this month
    expect(streakIn(await checkIn('2026-10-14'))).toBe(1)
    const me = (await w.chat.say('zhangsan', '/我的')).text
    expect(me).toContain('连续学习 1 天（最长 4 天）')
  })

  it('approved leave keeps the streak; a pending or rejected one does not', async () => {
    w = await world(at0900('2026-10-12'))
    await checkIn('2026-10-12')
    w.clock.set(at0900('2026-10-12'))
    await w.chat.say('zhangsan', '/请假 10-13 出差')
    await w.chat.say('zhangsan', '/请假 10-14 出差')
    await w.chat.private_(ADMIN, '/批准 @张三') // approves the oldest pending: 10-13
    await setPolicy(w.deps.db, GROUP, { gracePerMonth: 0 }, w.clock.now().toISOString())
    w.clock.set(at0900('2026-10-15'))
    expect(streakIn((await w.chat.say('zhangsan', '/签到')).text)).toBe(1) // 10-14 pending leave: broken
    await w.chat.private_(ADMIN, '/批准 @张三')
    expect((await w.chat.say('zhangsan', '/我的')).text).toContain('连续学习 2 天（最长 2 天）')
  })

  it('a group rest day and the organisation calendar override the statutory one', async () => {
    w = await world(at0900('2026-11-23'))
    const by = { userid: ADMIN, at: '2026-11-01T00:00:00Z' }
    expect(await isRestDay(w.deps.db, GROUP, '2026-11-24')).toBe(false)
    await importOrgCalendar(w.deps.db, parseCalendar('day,kind,note\n2026-11-24,休息,单位活动\n2026-11-28,上班,补班'), by)
    expect(await isRestDay(w.deps.db, GROUP, '2026-11-24')).toBe(true)
    expect(await isRestDay(w.deps.db, GROUP, '2026-11-28')).toBe(false)
    await setRestDay(w.deps.db, GROUP, '2026-11-24', 'work', by)
    expect(await isRestDay(w.deps.db, GROUP, '2026-11-24')).toBe(false)
    expect(await isRestDay(w.deps.db, 'wr-other', '2026-11-24')).toBe(true)
    await setRestDay(w.deps.db, GROUP, '2026-11-24', undefined, by)
    expect(await isRestDay(w.deps.db, GROUP, '2026-11-24')).toBe(true)
    expect(parseCalendar('{"2026-10-10":"work"}')).toEqual([{ day: '2026-10-10', kind: 'work' }])
    expect(() => parseCalendar('2026-13-01,休息')).toThrow(/line 1/)
  })
})
