// 4 Outbox drain: N group pushes over K webhook keys through the sandbox's WeCom stand-in (H3, real
// 20/min-per-key limit) by the product's delivery loop (src/outbox/deliver.ts) and WeCom client.
// Time is SCALED: one clock runs F× faster than real time and drives the stand-in's limits, the
// delivery's windows, claims and backoff; the real-time knobs (poll interval, HTTP timeout) are
// divided by F, so a 9-minute drain takes 54 s at F = 10. Every real millisecond the process
// spends (its own work, the stand-in's, a timer's lateness) reads as F ms on that clock, so the
// clean drain runs at a low factor and after a warm-up. A fault layer in front of the stand-in
// fails a share of calls: HTTP 500, a timeout (no answer), errcode 45009, or a lost response
// (delivered, then the connection is cut). Every push carries its number, so deliveries are counted.
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import express, { type NextFunction, type Request, type Response } from 'express'
import pino from 'pino'
import type { Clock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { createDb } from '../src/db/create-db.js'
import { migrateToLatest } from '../src/db/migrate.js'
import type { Deps } from '../src/deps.js'
import { createDelivery } from '../src/outbox/deliver.js'
import { createOutbox, toGroup } from '../src/outbox/outbox.js'
import { generateCredentials } from '../src/sandbox/credentials.js'
import { createStandinRouter } from '../src/sandbox/wecom-standin/routes.js'
import { WecomStandin } from '../src/sandbox/wecom-standin/standin.js'
import { createWecomClient } from '../src/wecom/client.js'
import { rng, round, sleep, type Bench, type Row } from './lib/common.js'

const START = new Date('2026-11-29T12:00:00Z')
const LIMIT = 20
/** pushes through a group of their own before the clock starts */
const WARMUP = 5

/** Real time × factor, from START. */
class ScaledClock implements Clock {
  private readonly t0 = performance.now()
  constructor(readonly factor: number) {}
  now(): Date {
    return new Date(START.getTime() + (performance.now() - this.t0) * this.factor)
  }
}

interface Drain {
  /** scaled seconds from the start of the delivery loop to the last successful send */
  seconds: number
  /** scaled seconds from the start of the delivery loop to the first push stored by the stand-in */
  firstSend: number
  realSeconds: number
  sent: number
  dead: number
  stuck: number
  /** rows marked sent that the stand-in never received */
  lost: number
  /** extra deliveries of a push beyond the first */
  duplicates: number
  /** duplicates not explained by a lost response on that push */
  unexplained: number
  faults: Record<string, number>
  /** answers the client never received for calls the stand-in had accepted */
  lostResponses: number
  /** 45009 answered by the stand-in itself (its own 20/min window) */
  standinRefusals: number
  clientErrors: number
}

async function drain(pushes: number, keys: number, failRate: number, factor: number, seed: number): Promise<Drain> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'))
  const clock = new ScaledClock(factor)
  const chats = Array.from({ length: keys }, (_, k) => `bench-push-g${k}`)
  const warmChat = 'bench-warmup'
  const creds = generateCredentials()
  creds.webhookKeys = Object.fromEntries(chats.map((c, k) => [c, `bench-key-${k}-${seed}`]))
  creds.webhookKeys[warmChat] = `bench-key-warmup-${seed}`
  const deliveries = new Map<number, number>()
  const lostResponses = new Map<number, number>()
  const faults: Record<string, number> = { ok: 0, http500: 0, timeout: 0, errcode45009: 0, lostResponse: 0 }
  const random = rng(seed)
  let standinRefusals = 0
  let clientErrors = 0
  let firstSendAt: number | undefined
  const pushOf = (text: string) => Number(/\[push (\d+)\]/.exec(text)?.[1] ?? -1)

  const http = express()
  let standin!: WecomStandin
  http.post('/cgi-bin/webhook/send', express.raw({ type: () => true }), (req: Request, res: Response, next: NextFunction) => {
    if (req.query.key === creds.webhookKeys[warmChat]) return next() // the warm-up: no faults, no random draw
    const r = random()
    const kind = r >= failRate ? 'ok' : (['http500', 'timeout', 'errcode45009', 'lostResponse'] as const)[Math.floor((r / failRate) * 4)]!
    faults[kind]!++
    if (kind === 'http500') return void res.status(500).end()
    if (kind === 'errcode45009') return void res.json({ errcode: 45009, errmsg: 'api freq out of limit' })
    if (kind === 'timeout') return // never answered: the client's timeout fires
    const json = res.json.bind(res)
    res.json = ((body: { errcode?: number }) => {
      if (body?.errcode === 45009) standinRefusals++
      return json(body)
    }) as Response['json']
    if (kind === 'lostResponse') {
      res.end = (() => {
        req.socket.destroy()
        return res
      }) as unknown as Response['end']
    }
    next()
  })
  const server = await new Promise<Server>((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s))
  })
  const apiBase = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  standin = new WecomStandin(creds, apiBase, clock)
  standin.store.subscribe((m) => {
    if (m.channel !== 'webhook' || m.body.type !== 'markdown') return
    const push = pushOf(m.body.content)
    if (push < 0) return // the warm-up
    firstSendAt ??= clock.now().getTime()
    deliveries.set(push, (deliveries.get(push) ?? 0) + 1)
  })
  http.use(createStandinRouter(standin))

  const dbh = createDb(`sqlite:${join(dir, 'outbox.db')}`)
  await migrateToLatest(dbh.db)
  const config = loadConfig({ WECOM_MODE: 'callback', WECOM_BOT_TOKEN: 'benchtoken', WECOM_BOT_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', LOG_LEVEL: 'silent', WECOM_API_BASE: apiBase })
  const client = createWecomClient(config, clock, { timeoutMs: Math.max(250, 10_000 / factor) })
  // Client-side view of each call: a call that failed although the stand-in stored the message
  // is a lost response (cut connection, or a timeout that fired after the stand-in had answered).
  const wecom = {
    ...client,
    webhook: {
      ...client.webhook,
      async send(key: string, message: Parameters<typeof client.webhook.send>[1]) {
        const push = message.type === 'markdown' ? pushOf(message.content) : -1
        const before = deliveries.get(push) ?? 0
        try {
          await client.webhook.send(key, message)
        } catch (err) {
          clientErrors++
          if ((deliveries.get(push) ?? 0) > before) lostResponses.set(push, (lostResponses.get(push) ?? 0) + 1)
          throw err
        }
      },
    },
  }
  const outbox = createOutbox(clock)
  let ids = 0
  const deps: Deps = { db: dbh.db, dbh, clock, config, wecom, outbox, log: pino({ level: 'silent' }), ids: { next: (p = '') => `${p}${++ids}` } }
  const at = START.toISOString()
  await dbh.db
    .insertInto('chats')
    .values([...chats, warmChat].map((c) => ({ chat_id: c, type: 'group' as const, name: c, first_seen_at: at, last_seen_at: at, webhook_key: creds.webhookKeys[c]!, longconn_ok: 0, last_push_at: null })))
    .execute()
  const delivery = createDelivery(deps, { pollMs: 5_000 / factor })
  // Warm-up before the clock starts: the whole path (claim, route, HTTP connection, stand-in,
  // recording) once, so the drain does not pay F× for loading and compiling it on first use.
  for (let i = 0; i < WARMUP; i++) {
    await outbox.enqueue(dbh.db, { to: toGroup(warmChat), message: { type: 'markdown', content: `预热 ${i}` }, key: `warmup:${i}` })
  }
  await delivery.drainOnce()
  await dbh.db.transaction().execute(async (trx) => {
    for (let i = 0; i < pushes; i++) {
      await outbox.enqueue(trx, { to: toGroup(chats[i % keys]!), message: { type: 'markdown', content: `本周学习排行 [push ${i}]` }, key: `bench:${i}` })
    }
  })
  const startedAt = clock.now().getTime()
  const real0 = performance.now()
  delivery.start()
  let stuck = pushes
  const deadline = performance.now() + 10 * 60_000
  while (performance.now() < deadline) {
    await sleep(200) // light: this query shares the process (and the scaled clock) with the drain
    const r = await dbh.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'sending']).executeTakeFirst()
    stuck = Number(r?.n ?? 0)
    if (stuck === 0) break
  }
  const realSeconds = (performance.now() - real0) / 1000
  await delivery.stop()
  const rows = await dbh.db.selectFrom('outbox').select(['dedupe_key', 'status', 'sent_at']).where('dedupe_key', 'like', 'bench:%').execute()
  await dbh.close()
  await new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
  rmSync(dir, { recursive: true, force: true })

  let lastSent = startedAt
  let sent = 0
  let dead = 0
  let lost = 0
  let duplicates = 0
  let unexplained = 0
  for (const row of rows) {
    const push = Number(row.dedupe_key.slice('bench:'.length))
    const got = deliveries.get(push) ?? 0
    if (row.status === 'sent') {
      sent++
      lastSent = Math.max(lastSent, new Date(row.sent_at!).getTime())
      if (got === 0) lost++
    }
    if (row.status === 'dead') dead++
    if (got > 1) {
      duplicates += got - 1
      unexplained += Math.max(0, got - 1 - (lostResponses.get(push) ?? 0))
    }
  }
  return {
    seconds: (lastSent - startedAt) / 1000,
    firstSend: ((firstSendAt ?? startedAt) - startedAt) / 1000,
    realSeconds, sent, dead, stuck, lost, duplicates, unexplained, faults,
    lostResponses: [...lostResponses.values()].reduce((a, b) => a + b, 0),
    standinRefusals,
    clientErrors,
  }
}

export const outboxDrain: Bench = async (o, log) => {
  const { pushes, keys, failRate, scaleClean, scaleFaulty } = o.outbox
  const perKey = Math.ceil(pushes / keys)
  const minimum = (Math.ceil(perKey / LIMIT) - 1) * 60
  log(`  ${pushes} pushes over ${keys} keys (${perKey} per key at ${LIMIT}/min): minimum ${minimum} s`)
  const clean = await drain(pushes, keys, 0, scaleClean, o.seed)
  log(`  no failures: ${round(clean.seconds, 1)} s scaled (${round(clean.realSeconds, 1)} s real at ${scaleClean}×), ${clean.sent} sent, first send after ${round(clean.firstSend, 2)} s`)
  const faulty = await drain(pushes, keys, failRate, scaleFaulty, o.seed)
  log(`  ${failRate * 100}% failures: ${round(faulty.seconds, 0)} s scaled (${round(faulty.realSeconds, 1)} s real at ${scaleFaulty}×), ${JSON.stringify(faulty.faults)}`)
  const method = `time scaled ${scaleClean}× (no failures) and ${scaleFaulty}× (failures), after a warm-up of ${WARMUP} pushes to another group: stand-in limits, delivery windows, claims and backoff on one scaled clock; poll interval and HTTP timeout divided by the factor`
  return [
    {
      bench: 'outbox',
      figure: `drain ${pushes.toLocaleString()} pushes, ${keys} keys, no failures`,
      value: round(clean.seconds, 1),
      unit: 's',
      baseline: { label: 'minimum the 20/min limit allows', value: minimum, unit: 's' },
      ratio: clean.seconds / minimum,
      ratioLabel: '× minimum',
      goal: '≤ 1.05× minimum',
      pass: clean.seconds <= minimum * 1.05 && clean.sent === pushes && clean.duplicates === 0,
      note: `${clean.sent} sent, ${clean.duplicates} duplicates, ${clean.stuck} stuck; first send ${round(clean.firstSend, 2)} s after the start; ${clean.standinRefusals} calls refused by the stand-in's own limit (45009), ${clean.clientErrors} failed calls; ${method}`,
    },
    {
      bench: 'outbox',
      figure: `drain with ${failRate * 100}% failing calls`,
      value: round(faulty.seconds, 0),
      unit: 's',
      baseline: { label: 'minimum without failures', value: minimum, unit: 's' },
      ratio: faulty.seconds / minimum,
      ratioLabel: '× minimum',
      goal: 'all delivered or dead; 0 stuck, 0 lost; duplicates only after lost responses',
      pass: faulty.stuck === 0 && faulty.lost === 0 && faulty.unexplained === 0 && faulty.sent + faulty.dead === pushes,
      note:
        `${faulty.sent} delivered, ${faulty.dead} dead-lettered, ${faulty.stuck} stuck, ${faulty.lost} lost; ${faulty.duplicates} duplicates, ${faulty.lostResponses} lost responses, ${faulty.unexplained} duplicates without a lost response; ` +
        `${faulty.standinRefusals} refused by the stand-in's own limit; injected: ${Object.entries(faulty.faults).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    },
  ] satisfies Row[]
}
