// Per-user sliding-window rate limit, in memory (each instance limits what it receives).
export class RateLimiter {
  private readonly hits = new Map<string, number[]>()
  private lastPrune = -Infinity
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Above this many tracked users, users idle for a whole window are dropped… */
    private readonly maxKeys = 10_000,
  ) {}

  /** Records a hit at `now` (ms). Returns 0 when allowed, else seconds to wait. */
  hit(key: string, now: number): number {
    const from = now - this.windowMs
    const list = (this.hits.get(key) ?? []).filter((t) => t > from)
    if (list.length >= this.limit) {
      this.hits.set(key, list)
      return Math.max(1, Math.ceil((list[0]! + this.windowMs - now) / 1000))
    }
    list.push(now)
    this.hits.set(key, list)
    // …at most every tenth of a window: a scan on every hit made a burst of many users quadratic.
    if (this.hits.size > this.maxKeys && now - this.lastPrune >= this.windowMs / 10) this.prune(from, now)
    return 0
  }

  /** Users tracked now (for tests). */
  get size(): number {
    return this.hits.size
  }

  private prune(from: number, now: number): void {
    this.lastPrune = now
    for (const [k, v] of this.hits) if (v.every((t) => t <= from)) this.hits.delete(k)
  }
}
