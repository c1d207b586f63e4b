// Clock: the only way the app learns the time. Production uses systemClock; the sandbox
// uses an OffsetClock it can move ("jump to Monday 09:00"); tests use test/support/fake-clock.
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** Real time shifted by an offset that can be changed at run time (sandbox clock control). */
export class OffsetClock implements Clock {
  private offsetMs = 0
  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now()
  }
  advance(ms: number): void {
    this.offsetMs += ms
  }
  reset(): void {
    this.offsetMs = 0
  }
}
