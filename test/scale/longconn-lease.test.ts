// Long-connection mode with two instances of the bot on one database: exactly one holds the lease and
// the WebSocket connection (WeCom allows one per bot); when it dies, the other connects within 30 s
// of the holder's last renewal; a graceful stop hands over at once. The fake clock drives the lease.
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { FakeClock } from '../support/fake-clock.js'
import { FakeLongConnServer } from '../support/fake-longconn-server.js'
import { testConfig } from '../support/test-config.js'
import { createSharedDb, type SharedDb } from './shared-db.js'

let ws: FakeLongConnServer
let shared: SharedDb
let clock: FakeClock
let a: App
let b: App

async function instance(): Promise<App> {
  const config = testConfig({ WECOM_MODE: 'longconn', WECOM_BOT_ID: 'bot-test', WECOM_BOT_SECRET: 'bot-secret-123456', WECOM_WS_URL: ws.url })
  const app = await createApp({ config, clock, dbh: shared.open(), logger: pino({ level: 'silent' }), longconn: { heartbeatIntervalMs: 60_000 }, lease: { timers: false } })
  await app.start()
  await app.longconnLease!.tick() // the attempt start() made
  return app
}

beforeEach(async () => {
  ws = await FakeLongConnServer.start()
  shared = await createSharedDb()
  clock = new FakeClock()
  a = await instance()
  b = await instance()
})
afterEach(async () => {
  await a.stop()
  await b.stop()
  await ws.close()
  await shared.drop()
})

const subscribes = () => ws.sent('aibot_subscribe').length
const holderRow = () => a.deps.db.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', 'longconn').executeTakeFirst()

describe('the long-connection lease', () => {
  it('only the first instance connects; the second keeps trying without connecting', async () => {
    await ws.authenticated()
    await a.longconn!.ready()
    expect(a.longconnLease!.held).toBe(true)
    expect(b.longconnLease!.held).toBe(false)
    expect(a.longconn!.connected).toBe(true)
    expect(b.longconn!.connected).toBe(false)
    expect(await holderRow()).toEqual({ holder: a.longconnLease!.holder, expires_at: new Date(clock.now().getTime() + 30_000).toISOString() })

    for (let i = 0; i < 6; i++) {
      clock.advanceSeconds(10)
      expect(await a.longconnLease!.tick()).toBe(10_000) // renewed every 10 s
      expect(await b.longconnLease!.tick()).toBeLessThanOrEqual(10_000)
    }
    expect(b.longconnLease!.held).toBe(false)
    expect(subscribes()).toBe(1)
  })

  it('the holder dies (no release): the other instance connects within 30 s of the last renewal', async () => {
    await a.longconn!.ready()
    clock.advanceSeconds(10)
    await a.longconnLease!.tick() // last renewal: the lease runs until +40 s
    const lastRenewal = clock.now().getTime()
    clock.advanceSeconds(3)
    // The process is killed: its socket closes and it never renews again.
    await a.longconn!.stop()
    let waited = 0
    for (let next = await b.longconnLease!.tick(); !b.longconnLease!.held; next = await b.longconnLease!.tick()) {
      clock.advance(next)
      waited += next
      expect(waited).toBeLessThan(60_000)
    }
    expect(clock.now().getTime() - lastRenewal).toBeLessThanOrEqual(30_000 + 100)
    await b.longconn!.ready()
    expect(b.longconn!.connected).toBe(true)
    expect(subscribes()).toBe(2)
    expect((await holderRow())?.holder).toBe(b.longconnLease!.holder)

    // The old holder comes back to life: it finds the lease taken and stays disconnected.
    await a.longconnLease!.tick()
    expect(a.longconnLease!.held).toBe(false)
    expect(a.longconn!.connected).toBe(false)
    expect(subscribes()).toBe(2)
  })

  it('a graceful stop releases the lease: the other instance takes over at its next attempt', async () => {
    await a.longconn!.ready()
    await a.longconnLease!.stop()
    expect(await holderRow()).toBeUndefined()
    expect(a.longconn!.connected).toBe(false)
    await b.longconnLease!.tick()
    expect(b.longconnLease!.held).toBe(true)
    await b.longconn!.ready()
    expect(subscribes()).toBe(2)
  })

  it('a holder that cannot renew (database down) drops the connection before its lease runs out', async () => {
    await a.longconn!.ready()
    const expiresAt = clock.now().getTime() + 30_000
    await a.deps.dbh.close() // this instance loses its database
    let now = clock.now().getTime()
    while (a.longconnLease!.held) {
      clock.advance(await a.longconnLease!.tick())
      now = clock.now().getTime()
      expect(now).toBeLessThan(expiresAt)
    }
    expect(a.longconn!.connected).toBe(false)
    clock.set(new Date(expiresAt))
    await b.longconnLease!.tick()
    expect(b.longconnLease!.held).toBe(true)
    await b.longconn!.ready()
  })
})
