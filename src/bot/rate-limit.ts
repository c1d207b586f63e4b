// Per-user sliding-window rate limit, in memory (each instance limits what it receives).
export class RateLimiter {
  private readonly hits = new Map<string, number[]>()
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
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
    if (this.hits.size > 10_000) this.prune(from)
    return 0
  }

  private prune(from: number): void {
    for (const [k, v] of this.hits) if (v.every((t) => t <= from)) this.hits.delete(k)
  }
}
