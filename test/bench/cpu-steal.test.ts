// The benchmarks' CPU steal: read off /proc/stat's `cpu` line (8th field), as a share of all CPU time
// between two readings; nothing when the text is not a /proc/stat or no time passed.
import { describe, expect, it } from 'vitest'
import { cpuTimes, stealPercent } from '../../bench/lib/cpu-steal.js'

const stat = (user: number, idle: number, steal: number) =>
  `cpu  ${user} 0 100 ${idle} 10 0 5 ${steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\n`

describe('CPU steal', () => {
  it('reads the machine-wide line and takes steal as a share of the time between readings', () => {
    expect(cpuTimes(stat(1000, 5000, 200))).toEqual({ steal: 200, total: 1000 + 100 + 5000 + 10 + 5 + 200 })
    // 1,000 ticks pass, 125 of them stolen
    expect(stealPercent(cpuTimes(stat(1000, 5000, 200)), cpuTimes(stat(1500, 5375, 325)))).toBe(12.5)
  })

  it('gives nothing for text that is not /proc/stat, or when no time passed', () => {
    expect(cpuTimes('')).toBeUndefined()
    expect(cpuTimes('cpu  1 2 3\n')).toBeUndefined()
    expect(cpuTimes('cpu  a b c d e f g h\n')).toBeUndefined()
    const t = cpuTimes(stat(1000, 5000, 200))
    expect(stealPercent(t, t)).toBeUndefined()
    expect(stealPercent(undefined, t)).toBeUndefined()
  })

  it.runIf(process.platform === 'linux')('reads this machine (Linux)', () => {
    const now = cpuTimes()
    expect(now?.total).toBeGreaterThan(now?.steal ?? Infinity)
  })
})
