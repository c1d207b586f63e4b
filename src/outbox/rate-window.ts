// Sliding-window send limits per destination (20/min per webhook key, 30/min per conversation on
// the long connection, 30/min per member through the app). In memory, per process.
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>()

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a send and returns 0 when one is allowed now; otherwise the ms until a slot frees (nothing recorded). */
  take(key: string, now: number): number {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs)
    if (recent.length >= this.limit) {
      this.hits.set(key, recent)
      return recent[0]! + this.windowMs - now
    }
    recent.push(now)
    this.hits.set(key, recent)
    return 0
  }
}
