// The period argument of /考勤 and /导出 考勤: 本周 本月 上周 上月, or two dates.
import { DateTime } from 'luxon'
import type { ArgReader } from '../bot/args.js'
import { UserError } from '../errors.js'
import { monthRange, weekRange, type DayRange } from './days.js'

export type PeriodArg = { kind: '本周' | '本月' | '上周' | '上月' } | { kind: 'range'; from: string; to: string }

export function readPeriod(args: ArgReader, fallback: '本周' | '本月'): PeriodArg {
  const word = args.maybe(['本周', '本月', '上周', '上月', '这周', '这个月', '上个月'] as const)
  if (word) {
    args.end()
    const kind = ({ 这周: '本周', 这个月: '本月', 上个月: '上月' } as const)[word as '这周'] ?? word
    return { kind: kind as '本周' | '本月' | '上周' | '上月' }
  }
  if (args.remaining === 0) return { kind: fallback }
  const from = args.date('开始日期', 'past')
  args.maybe(['至', '到', '-', '~'])
  const to = args.date('结束日期', 'past')
  args.end()
  return { kind: 'range', from, to }
}

export function resolvePeriod(p: PeriodArg, now: Date, tz: string): DayRange {
  const last = (unit: 'week' | 'month') => DateTime.fromJSDate(now, { zone: tz }).minus({ [unit + 's']: 1 }).toJSDate()
  switch (p.kind) {
    case '本周':
      return weekRange(now, tz)
    case '本月':
      return monthRange(now, tz)
    case '上周':
      return weekRange(last('week'), tz)
    case '上月':
      return monthRange(last('month'), tz)
    case 'range': {
      if (p.from > p.to) throw new UserError('attendance.report.badRange', { from: p.from, to: p.to })
      if (DateTime.fromISO(p.to).diff(DateTime.fromISO(p.from), 'days').days > 366) throw new UserError('attendance.report.tooLong')
      return { from: p.from, to: p.to }
    }
  }
}
