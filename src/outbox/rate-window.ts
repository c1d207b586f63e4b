// Sliding-window send limits per destination (20/min per webhook key, 30/min per conversation on
// the long connection, 30/min per member through the app). In memory, per process.
//   WeCom counts a call when it arrives: somewhere between our request and its answer. So a send
//   holds its slot from the moment the answer came back (settle) for the window plus a small
//   margin, and a slot never opens here before it opens at WeCom.
//   Rows that must wait queue per key in row order: each is given the earliest moment a slot can
//   be its own (queue), and a row never takes a slot while an earlier row of that key waits.
//   45009 (WeCom says the key is full although we counted a free slot: another sender, or a
//   window that differs) blocks the key until our oldest send leaves the window (refuse).
interface KeyState {
  /** when each send in the window was counted (ms, ascending) */
  hits: number[]
  /** row id → when it may send */
  waiting: Map<number, number>
  blockedUntil: number
}

export class SlidingWindow {
  private readonly keys = new Map<string, KeyState>()
  /** how long one send holds its slot */
  private readonly span: number

  constructor(
    private readonly limit: number,
    windowMs = 60_000,
    marginMs = 0,
  ) {
    this.span = windowMs + marginMs
  }

  private state(key: string, now: number): KeyState {
    let s = this.keys.get(key)
    if (!s) this.keys.set(key, (s = { hits: [], waiting: new Map(), blockedUntil: 0 }))
    s.hits = s.hits.filter((t) => t > now - this.span)
    // A waiting row that never came back (another worker took it, an admin discarded it) is forgotten.
    for (const [id, at] of s.waiting) if (at <= now - this.span) s.waiting.delete(id)
    if (s.hits.length === 0 && s.waiting.size === 0 && s.blockedUntil <= now) this.keys.delete(key)
    return s
  }

  /**
   * Records a send by row `id` at `now` and returns 0 when it may go now; otherwise the ms until a
   * slot could free (nothing recorded; give the row a time with queue()).
   */
  take(key: string, now: number, id = Number.MAX_SAFE_INTEGER): number {
    const s = this.state(key, now)
    if (s.blockedUntil > now) return s.blockedUntil - now
    for (const [other, at] of s.waiting) if (other < id) return Math.max(1, at - now)
    if (s.hits.length >= this.limit) return s.hits[0]! + this.span - now
    s.hits.push(now)
    s.waiting.delete(id)
    this.keys.set(key, s)
    return 0
  }

  /** The row left without a send (dead before it reached take()): later rows need not wait for it. */
  forget(id: number): void {
    for (const s of this.keys.values()) s.waiting.delete(id)
  }

  /** The send taken at `startedAt` has its answer at `endedAt`: WeCom counted it no later than that. */
  settle(key: string, startedAt: number, endedAt: number): void {
    const s = this.keys.get(key)
    const i = s ? s.hits.lastIndexOf(startedAt) : -1
    if (!s || i < 0) return
    s.hits[i] = Math.max(startedAt, endedAt)
    s.hits.sort((a, b) => a - b)
  }

  /**
   * WeCom refused the send taken at `startedAt` (45009): it was not counted, and the key is full
   * there until our oldest send leaves the window (a whole window when we know of none). The rows
   * waiting for the key get new times through queue().
   */
  refuse(key: string, startedAt: number, now: number): number {
    const s = this.state(key, now)
    const i = s.hits.lastIndexOf(startedAt)
    if (i >= 0) s.hits.splice(i, 1)
    s.blockedUntil = Math.max(s.blockedUntil, now + 1, s.hits.length > 0 ? s.hits[0]! + this.span : now + this.span)
    s.waiting.clear()
    this.keys.set(key, s)
    return s.blockedUntil
  }

  /**
   * When each of these rows (ascending ids) may send: the earliest free slot for each, in row
   * order among every row of the key that waits. Records the times; returns them in the same order.
   */
  queue(key: string, ids: number[], now: number): number[] {
    const s = this.state(key, now)
    for (const id of ids) s.waiting.delete(id)
    const fresh = new Set(ids)
    const rows = [...[...s.waiting].map(([id, at]) => ({ id, at })), ...ids.map((id) => ({ id, at: now }))].sort((a, b) => a.id - b.id)
    // When each slot frees (ascending): free now, or when its send leaves the window.
    const frees = [...Array<number>(Math.max(0, this.limit - s.hits.length)).fill(now), ...s.hits.slice(-this.limit).map((t) => t + this.span)]
    let prev = Math.max(now, s.blockedUntil)
    const times = new Map<number, number>()
    for (const row of rows) {
      const at = Math.max(frees.shift()!, prev, row.at)
      frees.push(at + this.span)
      prev = at
      if (fresh.has(row.id)) times.set(row.id, at)
    }
    for (const [id, at] of times) s.waiting.set(id, at)
    this.keys.set(key, s)
    return ids.map((id) => times.get(id)!)
  }
}
