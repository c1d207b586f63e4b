// Timers run in real time while the app clock may keep another pace: the benchmarks scale it, the
// sandbox jumps it, tests freeze it. To wake when the clock reads a given moment, the delivery loop
// divides the clock distance by the pace the clock kept lately — the slowest of the last few
// stretches of at least 20 ms, so one jump never makes it wake early — and never waits longer than
// its poll interval, which stays the backstop. Real time is only measured here, never shown.
import type { Clock } from '../clock.js'

const MIN_STRETCH_MS = 20
const KEEP = 8

export class ClockPace {
  private readonly samples: Array<{ real: number; clock: number }> = []

  constructor(
    private readonly clock: Clock,
    private readonly realNow: () => number = () => globalThis.performance.now(),
  ) {
    this.samples.push({ real: realNow(), clock: clock.now().getTime() })
  }

  /** Real ms to wait until the clock reads `at`: 0 when it already does, at most `maxMs`. */
  delayUntil(at: number, maxMs: number): number {
    const real = this.realNow()
    const clock = this.clock.now().getTime()
    const last = this.samples[this.samples.length - 1]
    if (!last || real - last.real >= MIN_STRETCH_MS) {
      this.samples.push({ real, clock })
      if (this.samples.length > KEEP) this.samples.shift()
    }
    if (at <= clock) return 0
    let pace = Number.POSITIVE_INFINITY
    for (let i = 1; i < this.samples.length; i++) {
      const a = this.samples[i - 1]!
      const b = this.samples[i]!
      pace = Math.min(pace, (b.clock - a.clock) / (b.real - a.real))
    }
    if (pace === Number.POSITIVE_INFINITY) pace = 1 // not measured yet: assume real time
    if (!(pace > 0)) return maxMs // frozen or moved back
    return Math.min(maxMs, Math.ceil((at - clock) / pace) + 1) // +1: timers may fire a little early
  }
}
