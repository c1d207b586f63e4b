import { describe, expect, it } from 'vitest'
import { ArgError, ArgReader, parseDate, parseDuration, parseTime, tokenize } from '../../src/bot/args.js'
import { stripCommandPrefix, stripMention, truncateUtf8, utf8Bytes } from '../../src/bot/normalize.js'

const TZ = 'Asia/Shanghai'
const MON_0900 = new Date('2026-11-23T01:00:00Z') // Mon 09:00 Asia/Shanghai
const MON_2359 = new Date('2026-11-23T15:59:00Z') // Mon 23:59
const TUE_0000 = new Date('2026-11-23T16:00:00Z') // Tue 00:00
const DEC_30 = new Date('2026-12-30T02:00:00Z')

describe('dates', () => {
  it.each([
    ['今天', MON_0900, '2026-11-23'],
    ['明天', MON_0900, '2026-11-24'],
    ['后天', MON_0900, '2026-11-25'],
    ['周五', MON_0900, '2026-11-27'],
    ['星期五', MON_0900, '2026-11-27'],
    ['周一', MON_0900, '2026-11-23'],
    ['下周一', MON_0900, '2026-11-30'],
    ['11-28', MON_0900, '2026-11-28'],
    ['11月28日', MON_0900, '2026-11-28'],
    ['2026-12-01', MON_0900, '2026-12-01'],
    ['１１－２８', MON_0900, '2026-11-28'],
    ['1-3', DEC_30, '2027-01-03'],
    ['明天', MON_2359, '2026-11-24'],
    ['明天', TUE_0000, '2026-11-25'],
  ])('%s at %s → %s', (input, now, want) => {
    expect(parseDate(input, now, TZ)).toBe(want)
  })
  it('looks back for past-facing dates', () => {
    expect(parseDate('周五', MON_0900, TZ, 'past')).toBe('2026-11-20')
  })
  it.each(['2-30', '13-01', '周八', 'someday', ''])('rejects %s', (input) => {
    expect(parseDate(input, MON_0900, TZ)).toBeUndefined()
  })
})

describe('times and durations', () => {
  it.each([
    ['19:30', '19:30'],
    ['19：30', '19:30'],
    ['7点半', '07:30'],
    ['晚上7点', '19:00'],
    ['下午3点15', '15:15'],
    ['十九点', '19:00'],
    ['25:00', undefined],
    ['abc', undefined],
  ])('time %s → %s', (input, want) => expect(parseTime(input)).toBe(want))
  it.each([
    ['30分钟', 30],
    ['1小时', 60],
    ['1.5小时', 90],
    ['1小时30分', 90],
    ['半小时', 30],
    ['90', 90],
    ['10min', 10],
    ['很久', undefined],
  ])('duration %s → %s', (input, want) => expect(parseDuration(input)).toBe(want))
})

describe('ArgReader', () => {
  it('reads quoted strings, mentions, numbers and the rest with newlines kept', () => {
    const a = new ArgReader('@张三 “集中 学习” 30 第一行\n第二行', MON_0900, TZ)
    expect(a.mention()).toBe('张三')
    expect(a.word('主题')).toBe('集中 学习')
    expect(a.optionalInt('时长')).toBe(30)
    expect(a.rest()).toBe('第一行\n第二行')
  })
  it('throws stable errors for bad input', () => {
    expect(() => new ArgReader('"unclosed', MON_0900, TZ)).toThrow(ArgError)
    expect(() => new ArgReader('abc', MON_0900, TZ).int('题数')).toThrowError(expect.objectContaining({ key: 'args.notNumber' }))
    expect(() => new ArgReader('99', MON_0900, TZ).int('题数', { min: 1, max: 50 })).toThrowError(expect.objectContaining({ key: 'args.outOfRange' }))
    expect(() => new ArgReader('x y', MON_0900, TZ).end()).toThrowError(expect.objectContaining({ key: 'args.tooMany' }))
    expect(() => new ArgReader('张三', MON_0900, TZ).mention()).toThrowError(expect.objectContaining({ key: 'args.needMention' }))
  })
  it('tokenizes full-width spaces', () => {
    expect(tokenize('a\u3000b  c').map((t) => t.value)).toEqual(['a', 'b', 'c'])
  })
})

describe('normalization', () => {
  it('strips the bot mention with odd spaces', () => {
    expect(stripMention('@学习助手 /签到', '学习助手')).toBe('/签到')
    expect(stripMention('@学习助手\u2005/签到 学习了', '学习助手')).toBe('/签到 学习了')
    expect(stripMention('\u00a0@学习助手/签到', '学习助手')).toBe('/签到')
    expect(stripMention('/签到', '学习助手')).toBe('/签到')
  })
  it('strips slash forms', () => {
    expect(stripCommandPrefix('／签到').text).toBe('签到')
    expect(stripCommandPrefix('签到').hadPrefix).toBe(false)
  })
  it('truncates by UTF-8 bytes at a character boundary', () => {
    const s = '学'.repeat(1000)
    const out = truncateUtf8(s, 2048)
    expect(utf8Bytes(out)).toBeLessThanOrEqual(2048)
    expect(out.endsWith('…')).toBe(true)
    expect(out.includes('\ufffd')).toBe(false)
    expect(truncateUtf8('😀😀😀', 9)).toBe('😀…')
  })
})
