// The outbox delivery loop: claims due rows, routes each to a channel, sends it within the
// per-destination limits, and records the outcome — sent, retried with exponential backoff
// (network, 5xx, -1 …), or dead (after N attempts, or at once on a permanent error).
// Over a limit (our window full, or WeCom's 45009) a row is not retried but waits, with the rest
// of its destination in order, for the moment its slot frees; the loop wakes when the next row
// falls due rather than on its poll interval.
// Group → its webhook key, else the long connection once someone spoke there; user → the long
// connection (longconn mode) or the self-built app. Time comes only from deps.clock.
import type { Deps } from '../deps.js'
import { WecomApiError, WecomHttpError } from '../errors.js'
import { redactSecrets } from '../log.js'
import type { LongConnSender } from '../wecom/longconn.js'
import type { OutMessage } from '../wecom/types.js'
import { claimDue, defer, markRetry, markSent, type OutboxRow } from './claim.js'
import { createLoop } from './loop.js'
import { SlidingWindow } from './rate-window.js'
import { deadLetter } from './dead-letter.js'
import { withIdTrans } from './id-trans.js'

export interface DeliveryOptions {
  workerId?: string
  longconn?: LongConnSender
  /** rows claimed per pass (default 50) */
  batchSize?: number
  /** attempts before a row is dead (default 8) */
  maxAttempts?: number
  /** attempts before a row WeCom keeps refusing with 45009 is dead (default 50, one per window) */
  rateLimitedMaxAttempts?: number
  claimMs?: number
  backoffBaseMs?: number
  backoffMaxMs?: number
  /** real time between passes of the background loop (default 5 s) */
  pollMs?: number
  webhookPerMinute?: number
  longconnPerMinute?: number
  appPerMinute?: number
  /** added to every minute window, so a slot never opens here before it does at WeCom (default 500 ms) */
  rateMarginMs?: number
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

/** The row must wait for a slot of `limit` (with `error` when WeCom refused it: 45009). */
type Hold = { window: SlidingWindow; limit: string; error?: string }

type Route =
  | { channel: 'webhook'; limit: string; send: (m: OutMessage) => Promise<unknown>; secret: string }
  | { channel: 'longconn' | 'app'; limit: string; send: (m: OutMessage) => Promise<unknown>; secret?: undefined }
  | { dead: string }

export function createDelivery(deps: Pick<Deps, 'db' | 'dbh' | 'clock' | 'config' | 'wecom' | 'log' | 'ids'>, options: DeliveryOptions = {}): Delivery {
  const o = {
    batchSize: 50, maxAttempts: 8, rateLimitedMaxAttempts: 50, rateMarginMs: 500, claimMs: 120_000, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000, pollMs: 5_000,
    webhookPerMinute: 20, longconnPerMinute: 30, appPerMinute: 30, concurrency: 4, ...options,
  }
  const workerId = o.workerId ?? deps.ids.next('deliver-')
  const perMinute = (limit: number) => new SlidingWindow(limit, 60_000, o.rateMarginMs)
  const windows = { webhook: perMinute(o.webhookPerMinute), longconn: perMinute(o.longconnPerMinute), app: perMinute(o.appPerMinute) }
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
    if (deps.wecom.app?.configured) {
      const send = async (m: OutMessage) => {
        const t = await withIdTrans(db, m)
        return deps.wecom.app.send(row.dest_id, t.message, { enableIdTrans: t.idTrans })
      }
      return { channel: 'app', limit: row.dest_id, send }
    }
    return { dead: 'no channel: private messages need the long connection or a self-built app' }
  }

  async function dead(row: OutboxRow, error: string, counts: DrainCounts): Promise<undefined> {
    for (const w of Object.values(windows)) w.forget(row.id)
    await deadLetter(deps, row, error)
    counts.dead++
    return undefined
  }

  /** Sends one row by its lane's route; or says that it (and the rest of its lane) must wait for a slot of `limit`. */
  async function deliver(row: OutboxRow, r: Route, counts: DrainCounts): Promise<Hold | undefined> {
    let message: OutMessage
    try {
      message = JSON.parse(row.payload) as OutMessage
    } catch {
      return dead(row, 'payload is not valid JSON', counts)
    }
    if ('dead' in r) return dead(row, r.dead, counts)
    const window = windows[r.channel]
    const started = clock.now().getTime()
    if (window.take(r.limit, started, row.id) > 0) return { window, limit: r.limit }
    try {
      await r.send(message)
    } catch (err) {
      const error = describe(err, r.secret)
      log.warn({ outbox: row.id, dedupe: row.dedupe_key, attempts: row.attempts, error }, 'outbox: send failed')
      if (isRateLimited(err)) {
        window.refuse(r.limit, started, clock.now().getTime())
        if (Number(row.attempts) < o.rateLimitedMaxAttempts) return { window, limit: r.limit, error }
        await deadLetter(deps, row, `gave up after ${row.attempts} attempts: ${error}`, r.channel)
        counts.dead++
        return undefined
      }
      window.settle(r.limit, started, clock.now().getTime())
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
      return undefined
    }
    window.settle(r.limit, started, clock.now().getTime())
    await markSent(db, row, clock.now(), r.channel)
    counts.sent++
    return undefined
  }

  /** A destination's rows in order; once one must wait, it and the rest wait for their slots. */
  async function deliverLane(lane: OutboxRow[], counts: DrainCounts): Promise<void> {
    let via: Route | undefined // every row of a lane has the same destination: one look-up per lane and pass
    for (let i = 0; i < lane.length; i++) {
      const row = lane[i]!
      try {
        via ??= await route(row)
        const hold = await deliver(row, via, counts)
        if (!hold) continue
        const rest = lane.slice(i)
        const times = hold.window.queue(hold.limit, rest.map((r) => r.id), clock.now().getTime())
        for (const [k, r] of rest.entries()) {
          const at = new Date(times[k]!)
          if (k === 0 && hold.error) {
            await markRetry(db, r, at, hold.error) // refused by WeCom: the attempt counts
            counts.retried++
          } else {
            await defer(db, r, at)
            counts.deferred++
          }
        }
        return
      } catch (err) {
        // The database failed while recording: the claim expires and the row is tried again.
        log.error({ outbox: row.id, err: { message: err instanceof Error ? err.message : String(err) } }, 'outbox: could not record a delivery')
      }
    }
  }

  async function drainOnce(): Promise<DrainCounts> {
    const rows = await claimDue(deps.dbh, { workerId, now: clock.now(), claimMs: o.claimMs, limit: o.batchSize })
    const counts: DrainCounts = { claimed: rows.length, sent: 0, retried: 0, dead: 0, deferred: 0 }
    // One lane per destination, in row order (keeps each destination's order), a few lanes at a time.
    const lanes = new Map<string, OutboxRow[]>()
    for (const row of rows) {
      const k = `${row.dest_kind}:${row.dest_id}`
      lanes.set(k, [...(lanes.get(k) ?? []), row])
    }
    const queue = [...lanes.values()].map((lane) => lane.sort((a, b) => a.id - b.id))
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) await deliverLane(lane, counts)
    }
    await Promise.all(Array.from({ length: Math.min(o.concurrency, queue.length) }, worker))
    return counts
  }

  /** When the next row falls due (a waiting row, a retry, a notBefore); undefined when none is pending. */
  async function nextDue(): Promise<number | undefined> {
    const next = await db.selectFrom('outbox').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst()
    return next?.at ? Date.parse(String(next.at)) : undefined
  }

  return { drainOnce, ...createLoop({ drainOnce, nextDue, clock, log, pollMs: o.pollMs, batchSize: o.batchSize }) }
}

/** 45009: the key (or member) is over WeCom's own limit; not a network failure. */
function isRateLimited(err: unknown): boolean {
  return err instanceof WecomApiError && err.errcode === 45009
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
