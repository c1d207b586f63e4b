// The fast calendar keys of src/time.ts give exactly luxon's answers (zones with and without
// daylight saving, half-hour and 45-minute offsets, around transitions and year/week edges).
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { dayKey, hhmm, monthKey, shiftPeriodKey, weekKey, yearKey } from '../src/time.js'

/** A small deterministic generator (the same instants every run). */
function rng(seed: number): () => number {
  let s = seed
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
}

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns']

function luxonKeys(at: Date, tz: string) {
  const d = DateTime.fromJSDate(at, { zone: tz })
  return [d.toFormat('yyyy-MM-dd'), d.toFormat("kkkk-'W'WW"), d.toFormat('yyyy-MM'), d.toFormat('yyyy'), d.toFormat('HH:mm')]
}
const fastKeys = (at: Date, tz: string) => [dayKey(at, tz), weekKey(at, tz), monthKey(at, tz), yearKey(at, tz), hhmm(at, tz)]

describe('calendar keys', () => {
  it('match luxon for random instants 1975–2100 in many zones', () => {
    const random = rng(7)
    const from = Date.UTC(1975, 0, 1)
    const to = Date.UTC(2100, 0, 1)
    for (let i = 0; i < 5000; i++) {
      const at = new Date(from + Math.floor(random() * (to - from)))
      for (const tz of ZONES) expect(fastKeys(at, tz), `${at.toISOString()} ${tz}`).toEqual(luxonKeys(at, tz))
    }
  })

  it('match luxon minute by minute around transitions and at year ends', () => {
    const starts = ['2026-03-08T06:00:00Z', '2026-11-01T05:00:00Z', '2026-03-29T00:30:00Z', '2026-10-25T00:30:00Z', '2026-04-04T14:00:00Z', '2026-12-31T15:00:00Z', '2027-01-03T10:00:00Z', '2020-12-31T12:00:00Z']
    for (const start of starts) {
      for (let k = 0; k < 180; k++) {
        const at = new Date(Date.parse(start) + k * 60_000 + 59_999)
        for (const tz of ZONES) expect(fastKeys(at, tz), `${at.toISOString()} ${tz}`).toEqual(luxonKeys(at, tz))
      }
    }
  })

  it('fall back to luxon for an unknown zone and a far-away date', () => {
    const at = new Date('2026-11-23T01:00:00Z')
    expect(fastKeys(at, 'Nowhere/Else')).toEqual(luxonKeys(at, 'Nowhere/Else'))
    const old = new Date('1900-06-01T12:00:00Z')
    expect(fastKeys(old, 'Asia/Shanghai')).toEqual(luxonKeys(old, 'Asia/Shanghai'))
  })
})

describe('shiftPeriodKey', () => {
  it('steps weeks, months and years across their edges, and nothing else', () => {
    expect(shiftPeriodKey('2026-W48', -1)).toBe('2026-W47')
    expect(shiftPeriodKey('2026-W01', -1)).toBe('2025-W52')
    expect(shiftPeriodKey('2021-W01', -1)).toBe('2020-W53') // 2020 had 53 ISO weeks
    expect(shiftPeriodKey('2020-W53', 1)).toBe('2021-W01')
    expect(shiftPeriodKey('2026-01', -1)).toBe('2025-12')
    expect(shiftPeriodKey('2026-12', 1)).toBe('2027-01')
    expect(shiftPeriodKey('2026', -1)).toBe('2025')
    expect(shiftPeriodKey('all', -1)).toBeUndefined()
    expect(shiftPeriodKey('2026-11-23', -1)).toBeUndefined()
  })

  it('agrees with the keys of the instant a period earlier', () => {
    const random = rng(11)
    for (let i = 0; i < 500; i++) {
      const at = new Date(Date.UTC(2000, 0, 1) + Math.floor(random() * 30 * 365 * 86_400_000))
      const d = DateTime.fromJSDate(at, { zone: 'Asia/Shanghai' })
      const tz = 'Asia/Shanghai'
      expect(shiftPeriodKey(weekKey(at, tz), -1)).toBe(weekKey(d.minus({ weeks: 1 }).toJSDate(), tz))
      expect(shiftPeriodKey(monthKey(at, tz), -1)).toBe(monthKey(d.minus({ months: 1 }).toJSDate(), tz))
      expect(shiftPeriodKey(yearKey(at, tz), -1)).toBe(yearKey(d.minus({ years: 1 }).toJSDate(), tz))
    }
  })
})
