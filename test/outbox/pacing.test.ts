// Pacing against a WeCom that counts a send when it arrives (the sandbox's stand-in, its own
// 20/min window on the same fake clock, 300 ms on the way): no 45009, nothing reordered, and
// the drain takes what the limit allows. And the timer that wakes the loop when a row falls due.
import express from 'express'
import type { Server } from 'node:http'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ClockPace } from '../../src/outbox/clock-pace.js'
import { createDelivery } from '../../src/outbox/deliver.js'
import { createLoop } from '../../src/outbox/loop.js'
import { toGroup } from '../../src/outbox/outbox.js'
import { generateCredentials } from '../../src/sandbox/credentials.js'
import { createStandinRouter } from '../../src/sandbox/wecom-standin/routes.js'
import { WecomStandin } from '../../src/sandbox/wecom-standin/standin.js'
import { createWecomClient } from '../../src/wecom/client.js'
import { FakeClock } from '../support/fake-clock.js'
import { testConfig } from '../support/test-config.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

const START = Date.parse('2026-11-23T01:00:00Z')

describe('pacing against WeCom\'s own window', () => {
  let deps: TestDeps
  let server: Server
  let standin: WecomStandin
  let refused = 0

  beforeEach(async () => {
    deps = await createTestDeps()
    const creds = generateCredentials()
    creds.webhookKeys = { 'wr-a': 'key-a-0123456789', 'wr-b': 'key-b-0123456789' }
    const http = express()
    http.use('/cgi-bin/webhook/send', (_req, res, next) => {
      deps.clock.advance(300) // the call reaches WeCom 300 ms after we sent it
      const json = res.json.bind(res)
      res.json = ((body: { errcode?: number }) => {
        if (body?.errcode === 45009) refused++
        return json(body)
      }) as typeof res.json
      next()
    })
    server = await new Promise<Server>((resolve) => {
      const s = http.listen(0, '127.0.0.1', () => resolve(s))
    })
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    standin = new WecomStandin(creds, url, deps.clock)
    http.use(createStandinRouter(standin))
    deps.config = testConfig({ WECOM_API_BASE: url })
    deps.wecom = createWecomClient(deps.config, deps.clock, { timeoutMs: 2_000 })
    const at = deps.clock.now().toISOString()
    for (const [chat, key] of Object.entries(creds.webhookKeys)) {
      await deps.db.insertInto('chats').values({ chat_id: chat, type: 'group', first_seen_at: at, last_seen_at: at, webhook_key: key, longconn_ok: 0 }).execute()
    }
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await deps.dbh.drop()
  })

  it('50 pushes to one group and 5 to another: no 45009, in order, in the time three windows allow', async () => {
    for (let i = 0; i < 50; i++) {
      await deps.outbox.enqueue(deps.db, { to: toGroup('wr-a'), message: { type: 'markdown', content: `a${i}` }, key: `a${i}` })
      if (i < 5) await deps.outbox.enqueue(deps.db, { to: toGroup('wr-b'), message: { type: 'markdown', content: `b${i}` }, key: `b${i}` })
    }
    const d = createDelivery(deps, { workerId: 'w1', concurrency: 1 })
    // A loop that wakes exactly when the next row falls due.
    for (let pass = 0; pass < 200; pass++) {
      await d.drainOnce()
      const next = await deps.db.selectFrom('outbox').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst()
      if (!next?.at) break
      deps.clock.set(new Date(Math.max(deps.clock.now().getTime(), Date.parse(String(next.at)))))
    }
    expect(refused).toBe(0)
    const rows = await deps.db.selectFrom('outbox').select(['dedupe_key', 'status', 'attempts', 'sent_at']).orderBy('id').execute()
    expect(rows.filter((r) => r.status !== 'sent' || Number(r.attempts) !== 1)).toEqual([])
    const contents = (chat: string) => standin.store.list(`group:${chat}`).map((m) => (m.body.type === 'markdown' ? m.body.content : ''))
    expect(contents('wr-a')).toEqual(Array.from({ length: 50 }, (_, i) => `a${i}`))
    expect(contents('wr-b')).toEqual(Array.from({ length: 5 }, (_, i) => `b${i}`))
    // Two full windows after the first send's answer, plus the margin and the calls' own time.
    const last = Math.max(...rows.map((r) => Date.parse(r.sent_at!)))
    expect(last - START).toBeGreaterThan(121_000)
    expect(last - START).toBeLessThan(126_000)
  })
})

describe('waking when a row falls due', () => {
  it('ClockPace divides the clock distance by the pace the clock keeps', () => {
    let real = 0
    let clock = START
    const pace = new ClockPace({ now: () => new Date(clock) }, () => real)
    expect(pace.delayUntil(START + 1_000, 5_000)).toBe(1_001) // not measured yet: real time
    real += 50
    clock += 3_000 // 60× real time
    expect(pace.delayUntil(clock + 6_000, 5_000)).toBe(101)
    expect(pace.delayUntil(clock, 5_000)).toBe(0) // due now
    real += 50
    clock += 86_400_000 // the sandbox jumps a day: the slowest recent pace still counts
    expect(pace.delayUntil(clock + 6_000, 5_000)).toBe(101)
    expect(pace.delayUntil(clock + 60 * 60_000, 5_000)).toBe(5_000) // never past the poll interval
  })

  it('a frozen clock waits for the poll interval', () => {
    let real = 0
    const pace = new ClockPace(new FakeClock(), () => real)
    pace.delayUntil(START, 1)
    real += 100
    expect(pace.delayUntil(START + 10_000, 5_000)).toBe(5_000)
  })

  it('the background loop sleeps until the next row is due, not for the whole poll interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    try {
      const clock = { now: () => new Date(START + performance.now() * 1_000) } // 1,000× real time
      let passes = 0
      const loop = createLoop({
        async drainOnce() {
          passes++
          await new Promise((resolve) => setTimeout(resolve, 30)) // the pass takes 30 ms: the pace is measured
          return { claimed: 0 }
        },
        nextDue: async () => (passes === 1 ? START + 30_000 + 40_000 : undefined), // 40 ms of real time after the pass
        clock,
        log: { error: () => {} } as never,
        pollMs: 60_000,
        batchSize: 50,
      })
      loop.start()
      await vi.advanceTimersByTimeAsync(30 + 40)
      expect(passes).toBe(1)
      await vi.advanceTimersByTimeAsync(2)
      expect(passes).toBe(2)
      await vi.advanceTimersByTimeAsync(59_000) // then nothing is due: the poll interval
      expect(passes).toBe(2)
      await vi.advanceTimersByTimeAsync(2_000)
      expect(passes).toBe(3)
      const stopped = loop.stop()
      await vi.advanceTimersByTimeAsync(30)
      await stopped
    } finally {
      vi.useRealTimers()
    }
  })
})
