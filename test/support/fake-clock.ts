import type { Clock } from '../../src/clock.js'

/** A clock that only moves when told. */
export class FakeClock implements Clock {
  private t: number
  constructor(start: string | Date = '2026-11-23T01:00:00Z' /* Mon 09:00 Asia/Shanghai */) {
    this.t = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.t)
  }
  set(to: string | Date): void {
    this.t = new Date(to).getTime()
  }
  advance(ms: number): void {
    this.t += ms
  }
  advanceSeconds(s: number): void {
    this.t += s * 1000
  }
  advanceMinutes(m: number): void {
    this.t += m * 60_000
  }
}
