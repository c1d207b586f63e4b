// Arguments shared by /发起签到 and /预告: 主题 [时长] [迟到界限].
import { ArgError, parseDuration, type ArgReader } from '../bot/args.js'
import { nfkc } from '../bot/normalize.js'

export interface SessionArgs {
  topic: string
  minutes?: number
  lateMinutes?: number
}

export function readSessionArgs(args: ArgReader): SessionArgs {
  const topic = nfkc(args.word('主题')).trim()
  if ([...topic].length > 26 || /[\u0000-\u001f]/.test(topic)) throw new ArgError('attendance.session.badTopic')
  const minutes = args.optionalDuration()
  let lateMinutes: number | undefined
  const next = args.peek()
  if (next !== undefined) {
    const raw = next.replace(/^迟到/, '').replace(/后$/, '')
    const d = parseDuration(raw)
    if (d === undefined || d < 0) throw new ArgError('attendance.session.badLate', { value: next })
    args.optionalWord()
    lateMinutes = d
  }
  args.end()
  if (minutes !== undefined && minutes > 24 * 60) throw new ArgError('args.outOfRange', { name: '时长（分钟）', min: 1, max: 24 * 60 })
  return { topic, ...(minutes !== undefined ? { minutes } : {}), ...(lateMinutes !== undefined ? { lateMinutes } : {}) }
}
