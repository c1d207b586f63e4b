// Argument reading for commands: quoted strings, @mentions, numbers, dates (今天 明天 周五 下周一
// 11-28 11月28日 2026-11-28), times (19:30, 7点半, 晚上7点) and durations (30分钟, 1小时, 90).
// Pure: everything it needs (now, time zone) is given. Bad input throws ArgError.
import { DateTime } from 'luxon'
import type { MessageKey, MessageParams } from '../i18n/index.js'
import { nfkc } from './normalize.js'

export class ArgError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(key)
    this.name = 'ArgError'
  }
}

const OPEN_QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』', '＂': '＂' }
const WS = /[\s\u00a0\u2005\u3000]/

interface Token {
  value: string
  quoted: boolean
  start: number
  end: number
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (WS.test(ch)) {
      i++
      continue
    }
    const close = OPEN_QUOTES[ch]
    if (close) {
      const end = text.indexOf(close, i + 1)
      if (end < 0) throw new ArgError('args.unclosedQuote')
      tokens.push({ value: text.slice(i + 1, end), quoted: true, start: i, end: end + 1 })
      i = end + 1
      continue
    }
    const start = i
    while (i < text.length && !WS.test(text[i]!)) i++
    tokens.push({ value: text.slice(start, i), quoted: false, start, end: i })
  }
  return tokens
}

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 }
const CN_NUM: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 }

/** Parses a Chinese or numeric date relative to `now`. Returns 'yyyy-MM-dd' or undefined. */
export function parseDate(input: string, now: Date, tz: string, direction: 'future' | 'past' = 'future'): string | undefined {
  const s = nfkc(input).trim().replace(/\s+/g, '')
  const today = DateTime.fromJSDate(now, { zone: tz }).startOf('day')
  const rel: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 昨天: -1, 昨日: -1, 前天: -2 }
  if (s in rel) return today.plus({ days: rel[s] }).toISODate()!
  let m = /^(下下|下|上|本|这)?(?:周|星期|礼拜)([一二三四五六日天1-7])$/.exec(s)
  if (m) {
    const wd = WEEKDAY[m[2]!]!
    const monday = today.minus({ days: today.weekday - 1 })
    const shift = { 下下: 2, 下: 1, 上: -1, 本: 0, 这: 0 }[m[1] ?? ''] ?? undefined
    if (shift !== undefined) return monday.plus({ weeks: shift, days: wd - 1 }).toISODate()!
    let d = monday.plus({ days: wd - 1 })
    if (direction === 'future' && d < today) d = d.plus({ weeks: 1 })
    if (direction === 'past' && d > today) d = d.minus({ weeks: 1 })
    return d.toISODate()!
  }
  m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s)
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]), tz)
  m = /^(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(s)
  if (m) {
    const month = Number(m[1])
    const day = Number(m[2])
    const iso = validDate(today.year, month, day, tz)
    if (!iso) return undefined
    const d = DateTime.fromISO(iso, { zone: tz })
    if (direction === 'future' && d < today.minus({ days: 60 })) return validDate(today.year + 1, month, day, tz)
    if (direction === 'past' && d > today.plus({ days: 60 })) return validDate(today.year - 1, month, day, tz)
    return iso
  }
  return undefined
}

function validDate(y: number, mo: number, d: number, tz: string): string | undefined {
  const dt = DateTime.fromObject({ year: y, month: mo, day: d }, { zone: tz })
  return dt.isValid ? dt.toISODate()! : undefined
}

function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s)
  if (s === '') return undefined
  // 十, 十二, 二十, 二十三
  if (!/^[零一二两三四五六七八九十]+$/.test(s)) return undefined
  if (s.includes('十')) {
    const [a, b] = s.split('十') as [string, string]
    return (a === '' ? 1 : (CN_NUM[a] ?? NaN)) * 10 + (b === '' ? 0 : (CN_NUM[b] ?? NaN))
  }
  return s.length === 1 ? CN_NUM[s] : undefined
}

/** '19:30' | '19点30' | '7点半' | '晚上7点' → '19:30'. */
export function parseTime(input: string): string | undefined {
  let s = nfkc(input).trim().replace(/\s+/g, '')
  let pm = false
  const prefix = /^(上午|早上|凌晨|中午|下午|傍晚|晚上|今晚)/.exec(s)
  if (prefix) {
    pm = ['下午', '傍晚', '晚上', '今晚'].includes(prefix[1]!) || prefix[1] === '中午'
    s = s.slice(prefix[1]!.length)
  }
  let h: number | undefined
  let min = 0
  let m = /^(\d{1,2}):(\d{2})$/.exec(s)
  if (m) {
    h = Number(m[1])
    min = Number(m[2])
  } else if ((m = /^([\d零一二两三四五六七八九十]+)[点时](半|(\d{1,2})分?|([零一二三四五六七八九十]+)分?)?$/.exec(s))) {
    h = cnNumber(m[1]!)
    if (m[2] === '半') min = 30
    else if (m[3]) min = Number(m[3])
    else if (m[4]) min = cnNumber(m[4]) ?? NaN
  }
  if (h === undefined || Number.isNaN(h) || Number.isNaN(min)) return undefined
  if (pm && h < 12) h += 12
  if (h > 23 || min > 59) return undefined
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`
}

/** '30分钟' | '1小时' | '1.5小时' | '1小时30分' | '半小时' | '90' → minutes. */
export function parseDuration(input: string): number | undefined {
  const s = nfkc(input).trim().toLowerCase().replace(/\s+/g, '')
  if (s === '半小时') return 30
  let m = /^(\d+(?:\.\d+)?)$/.exec(s)
  if (m) return Math.round(Number(m[1]))
  m = /^(?:(\d+(?:\.\d+)?)(?:个)?(?:小时|h|hr|hours?))?(?:(\d+)(?:分钟|分|min|mins|minutes?|m))?$/.exec(s)
  if (m && (m[1] || m[2])) return Math.round(Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0))
  return undefined
}

/** Reads a command's arguments in order. Every reader throws ArgError with a user-facing key. */
export class ArgReader {
  private readonly tokens: Token[]
  private pos = 0
  constructor(
    /** The argument text after the command name, exactly as typed (newlines kept). */
    readonly raw: string,
    private readonly now: Date,
    private readonly tz: string,
  ) {
    this.tokens = tokenize(raw)
  }

  get remaining(): number {
    return this.tokens.length - this.pos
  }
  peek(): string | undefined {
    return this.tokens[this.pos]?.value
  }
  /** The next token, or undefined at the end. */
  optionalWord(): string | undefined {
    return this.tokens[this.pos++]?.value
  }
  word(name: string): string {
    const v = this.optionalWord()
    if (v === undefined || v === '') throw new ArgError('args.missing', { name })
    return v
  }
  /** Consumes the next token when it is one of the choices (after NFKC); otherwise leaves it. */
  maybe<T extends string>(choices: readonly T[]): T | undefined {
    const next = this.peek()
    if (next === undefined) return undefined
    const hit = choices.find((c) => nfkc(c) === nfkc(next))
    if (hit) this.pos++
    return hit
  }
  choice<T extends string>(name: string, choices: readonly T[]): T {
    const v = this.word(name)
    const hit = choices.find((c) => nfkc(c) === nfkc(v))
    if (!hit) throw new ArgError('args.badChoice', { value: v, choices: choices.join('、') })
    return hit
  }
  int(name: string, range: { min?: number; max?: number } = {}): number {
    return this.checkInt(name, this.word(name), range)
  }
  optionalInt(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const next = this.peek()
    if (next === undefined || !/^[\d０-９]+$/.test(next)) return undefined
    this.pos++
    return this.checkInt(name, next, range)
  }
  private checkInt(name: string, v: string, { min = -Infinity, max = Infinity }: { min?: number; max?: number }): number {
    const s = nfkc(v).replace(/^#/, '')
    if (!/^-?\d+$/.test(s)) throw new ArgError('args.notNumber', { value: v })
    const n = Number(s)
    if (n < min || n > max) throw new ArgError('args.outOfRange', { name, min, max })
    return n
  }
  date(name: string, direction: 'future' | 'past' = 'future'): string {
    const v = this.word(name)
    const d = parseDate(v, this.now, this.tz, direction)
    if (!d) throw new ArgError('args.badDate', { value: v })
    return d
  }
  /** Consumes the next token if it parses as a date. */
  optionalDate(direction: 'future' | 'past' = 'future'): string | undefined {
    const next = this.peek()
    const d = next === undefined ? undefined : parseDate(next, this.now, this.tz, direction)
    if (d) this.pos++
    return d
  }
  time(name: string): string {
    const v = this.word(name)
    const t = parseTime(v)
    if (!t) throw new ArgError('args.badTime', { value: v })
    return t
  }
  duration(name: string): number {
    const v = this.word(name)
    const d = parseDuration(v)
    if (d === undefined || d <= 0) throw new ArgError('args.badDuration', { value: v })
    return d
  }
  optionalDuration(): number | undefined {
    const next = this.peek()
    const d = next === undefined ? undefined : parseDuration(next)
    if (d !== undefined && d > 0) {
      this.pos++
      return d
    }
    return undefined
  }
  /** '@张三' or '@zhangsan' → '张三' / 'zhangsan' (resolve against the roster in the domain). */
  mention(): string {
    const v = this.optionalWord()
    if (v === undefined || !v.startsWith('@') || v.length < 2) throw new ArgError('args.needMention')
    return v.slice(1)
  }
  optionalMention(): string | undefined {
    const next = this.peek()
    if (next?.startsWith('@') && next.length > 1) {
      this.pos++
      return next.slice(1)
    }
    return undefined
  }
  /** Everything not yet read, exactly as typed (keeps newlines and inner spacing). */
  rest(): string {
    const tok = this.tokens[this.pos]
    this.pos = this.tokens.length
    return tok ? this.raw.slice(tok.start).trim() : ''
  }
  end(): void {
    if (this.pos < this.tokens.length) {
      throw new ArgError('args.tooMany', { extra: this.tokens.slice(this.pos).map((t) => t.value).join(' ') })
    }
  }
}
