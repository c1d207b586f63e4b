// The outbox delivery loop: claims due rows, routes each to a channel, sends it within the
// per-destination limits, and records the outcome — sent, retried with exponential backoff
// (network, 5xx, 45009, -1 …), or dead (after N attempts, or at once on a permanent error).
// Group → its webhook key, else the long connection once someone spoke there; user → the long
// connection (longconn mode) or the self-built app. Time comes only from deps.clock.
import type { Deps } from '../deps.js'
import { WecomApiError, WecomHttpError } from '../errors.js'
import { redactSecrets } from '../log.js'
import type { LongConnSender } from '../wecom/longconn.js'
import type { OutMessage } from '../wecom/types.js'
import { claimDue, defer, markRetry, markSent, type OutboxRow } from './claim.js'
import { SlidingWindow } from './rate-window.js'
import { deadLetter } from './dead-letter.js'

export interface DeliveryOptions {
  workerId?: string
  longconn?: LongConnSender
  /** rows claimed per pass (default 50) */
  batchSize?: number
  /** attempts before a row is dead (default 8) */
  maxAttempts?: number
  claimMs?: number
  backoffBaseMs?: number
  backoffMaxMs?: number
  /** real time between passes of the background loop (default 5 s) */
  pollMs?: number
  webhookPerMinute?: number
  longconnPerMinute?: number
  appPerMinute?: number
  /** destinations served at the same time (default 4) */
  concurrency?: number
}

export interface DrainCounts {
  claimed: number
  sent: number
  retried: number
  dead: number
  /** over a rate limit: waiting for a free slot */
  deferred: number
}

export interface Delivery {
  drainOnce(): Promise<DrainCounts>
  start(): void
  stop(): Promise<void>
  wake(): void
}

type Route =
  | { channel: 'webhook'; limit: string; send: (m: OutMessage) => Promise<unknown>; secret: string }
  | { channel: 'longconn' | 'app'; limit: string; send: (m: OutMessage) => Promise<unknown>; secret?: undefined }
  | { dead: string }

export function createDelivery(deps: Pick<Deps, 'db' | 'dbh' | 'clock' | 'config' | 'wecom' | 'log' | 'ids'>, options: DeliveryOptions = {}): Delivery {
  const o = {
    batchSize: 50, maxAttempts: 8, claimMs: 120_000, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000, pollMs: 5_000,
    webhookPerMinute: 20, longconnPerMinute: 30, appPerMinute: 30, concurrency: 4, ...options,
  }
  const workerId = o.workerId ?? deps.ids.next('deliver-')
  const windows = { webhook: new SlidingWindow(o.webhookPerMinute), longconn: new SlidingWindow(o.longconnPerMinute), app: new SlidingWindow(o.appPerMinute) }
  const { db, clock, log } = deps

  async function route(row: OutboxRow): Promise<Route> {
    const longconn = deps.config.mode === 'longconn' ? o.longconn : undefined
    if (row.dest_kind === 'group') {
      const chat = await db.selectFrom('chats').select(['webhook_key', 'longconn_ok']).where('chat_id', '=', row.dest_id).executeTakeFirst()
      const key = chat?.webhook_key
      if (key) return { channel: 'webhook', limit: key, secret: key, send: (m) => deps.wecom.webhook.send(key, m) }
      if (longconn && Number(chat?.longconn_ok) === 1) return { channel: 'longconn', limit: row.dest_id, send: (m) => longconn.send(row.dest_id, m) }
      return { dead: 'no binding: the group has no webhook key and cannot be reached over the long connection' }
    }
    if (longconn) return { channel: 'longconn', limit: row.dest_id, send: (m) => longconn.send(row.dest_id, m) }
    if (deps.wecom.app?.configured) return { channel: 'app', limit: row.dest_id, send: (m) => deps.wecom.app.send(row.dest_id, m) }
    return { dead: 'no channel: private messages need the long connection or a self-built app' }
  }

  async function deliver(row: OutboxRow, counts: DrainCounts): Promise<void> {
    let message: OutMessage
    try {
      message = JSON.parse(row.payload) as OutMessage
    } catch {
      await deadLetter(deps, row, 'payload is not valid JSON')
      counts.dead++
      return
    }
    const r = await route(row)
    if ('dead' in r) {
      await deadLetter(deps, row, r.dead)
      counts.dead++
      return
    }
    const now = clock.now()
    const wait = windows[r.channel].take(r.limit, now.getTime())
    if (wait > 0) {
      await defer(db, row, new Date(now.getTime() + wait))
      counts.deferred++
      return
    }
    try {
      await r.send(message)
    } catch (err) {
      const error = describe(err, r.secret)
      if (!isRetryable(err)) {
        await deadLetter(deps, row, error, r.channel)
        counts.dead++
      } else if (Number(row.attempts) >= o.maxAttempts) {
        await deadLetter(deps, row, `gave up after ${row.attempts} attempts: ${error}`, r.channel)
        counts.dead++
      } else {
        const backoff = Math.min(o.backoffBaseMs * 2 ** (Number(row.attempts) - 1), o.backoffMaxMs)
        await markRetry(db, row, new Date(clock.now().getTime() + backoff), error)
        counts.retried++
      }
      log.warn({ outbox: row.id, dedupe: row.dedupe_key, attempts: row.attempts, error }, 'outbox: send failed')
      return
    }
    await markSent(db, row, clock.now(), r.channel)
    counts.sent++
  }

  async function drainOnce(): Promise<DrainCounts> {
    const rows = await claimDue(deps.dbh, { workerId, now: clock.now(), claimMs: o.claimMs, limit: o.batchSize })
    const counts: DrainCounts = { claimed: rows.length, sent: 0, retried: 0, dead: 0, deferred: 0 }
    // One lane per destination (keeps each destination's order), a few lanes at a time.
    const lanes = new Map<string, OutboxRow[]>()
    for (const row of rows) {
      const k = `${row.dest_kind}:${row.dest_id}`
      lanes.set(k, [...(lanes.get(k) ?? []), row])
    }
    const queue = [...lanes.values()]
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const row of lane) {
          try {
            await deliver(row, counts)
          } catch (err) {
            // The database failed while recording: the claim expires and the row is tried again.
            log.error({ outbox: row.id, err: { message: err instanceof Error ? err.message : String(err) } }, 'outbox: could not record a delivery')
          }
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(o.concurrency, queue.length) }, worker))
    return counts
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let stopped = true
  let again = false

  function schedule(ms: number): void {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => void tick(), ms)
  }

  async function tick(): Promise<void> {
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          const c = await drainOnce()
          if (c.claimed >= o.batchSize) again = true
        } catch (err) {
          log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'outbox: pass failed')
        }
      } while (again && !stopped)
    })()
    await running
    running = undefined
    schedule(o.pollMs)
  }

  return {
    drainOnce,
    start() {
      if (!stopped) return
      stopped = false
      schedule(0)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
    wake() {
      if (running) again = true
      else schedule(0)
    },
  }
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof WecomHttpError) return true
  if (err instanceof WecomApiError) return err.retryable || err.tokenInvalid
  return false
}

/** last_error text: code, API and WeCom's words — never a key or token. */
function describe(err: unknown, secret?: string): string {
  const text = err instanceof Error ? err.message : String(err)
  return redactSecrets(text, secret ? [secret] : []).slice(0, 500)
}
