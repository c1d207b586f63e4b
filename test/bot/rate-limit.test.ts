// The per-user command limit: a member over the limit waits; idle members are forgotten once many
// are tracked, but not by a scan on every message (a burst of thousands of members stays cheap).
import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../src/bot/rate-limit.js'

describe('rate limiter', () => {
  it('lets a member send `limit` commands per window and says how long to wait', () => {
    const r = new RateLimiter(3, 60_000)
    expect([r.hit('zhangsan', 0), r.hit('zhangsan', 1_000), r.hit('zhangsan', 2_000)]).toEqual([0, 0, 0])
    expect(r.hit('zhangsan', 10_000)).toBe(50)
    expect(r.hit('lisi', 10_000)).toBe(0)
    expect(r.hit('zhangsan', 60_001)).toBe(0) // the first hit left the window
  })

  it('forgets idle members when many are tracked, at most every tenth of a window', () => {
    const r = new RateLimiter(5, 60_000, 3)
    for (const u of ['u1', 'u2', 'u3', 'u4']) r.hit(u, 0)
    expect(r.size).toBe(4) // over the bound, but nobody is idle yet
    r.hit('u5', 61_000)
    expect(r.size).toBe(1) // u1–u4 were idle for a whole window
    for (const u of ['u6', 'u7', 'u8']) r.hit(u, 62_000)
    expect(r.size).toBe(4) // pruned a second ago: no new scan yet
    r.hit('u9', 122_000)
    expect(r.size).toBe(1)
  })
})
