// Two bot instances in this process on one shared database: two apps from createApp, each with
// its own database handle (PostgreSQL: its own pool), its own FakeClock, dispatcher, scheduler and
// outbox, WeCom pointed at a local fake. Nothing is started: the tests drive ticks and drains.
//
// SQLite: two handles on one file in ONE process cannot write concurrently — better-sqlite3 waits
// for a lock synchronously, which blocks the event loop the lock holder needs to commit (in two
// processes each one only blocks itself; test/scale/two-processes.test.ts covers that). So on
// SQLite the two apps share one handle, whose single connection serializes their transactions the
// way SQLite's single writer serializes processes.
import { createApp, type App } from '../../src/app.js'
import type { Db } from '../../src/db/create-db.js'
import { FakeClock } from '../support/fake-clock.js'
import { testConfig } from '../support/test-config.js'
import type { SharedDb } from './shared-db.js'

export interface TwoInstances {
  a: App
  b: App
  clocks: [FakeClock, FakeClock]
  /** sets both clocks to the same instant */
  setBoth(at: string | Date): void
  advanceBoth(ms: number): void
  stop(): Promise<void>
}

export async function twoInstances(shared: SharedDb, start: string, apiBase: string, env: Record<string, string> = {}): Promise<TwoInstances> {
  const ha: Db = shared.open()
  const hb: Db = shared.dialect === 'sqlite' ? ha : shared.open()
  const clocks: [FakeClock, FakeClock] = [new FakeClock(start), new FakeClock(start)]
  const config = testConfig({ WECOM_API_BASE: apiBase, ...env })
  const ids = (p: string) => ({ next: (() => { let n = 0; return (prefix = '') => `${prefix}${p}${++n}` })() })
  const a = await createApp({ config, clock: clocks[0], dbh: ha, ids: ids('a') })
  const b = await createApp({ config, clock: clocks[1], dbh: hb, ids: ids('b') })
  return {
    a,
    b,
    clocks,
    setBoth: (at) => clocks.forEach((c) => c.set(at)),
    advanceBoth: (ms) => clocks.forEach((c) => c.advance(ms)),
    async stop() {
      await a.stop()
      await b.stop()
    },
  }
}
