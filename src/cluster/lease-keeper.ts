// Keeps one named lease for this instance: the holder renews it every renewMs (TTL ttlMs); every
// other instance tries again when the stored lease runs out, so a dead holder is replaced within
// ttlMs of its last renewal. Holding starts the guarded work (onAcquired); losing it — or failing
// to renew before it would expire — stops that work (onLost) before anyone else can take over.
// tick() is the whole algorithm (tests drive it with a fake clock); start() runs it on timers.
import type { Deps } from '../deps.js'
import { acquireLease, leaseRow, releaseLease } from './lease.js'

export interface LeaseOptions {
  /** default 30 s */
  ttlMs?: number
  /** default 10 s */
  renewMs?: number
  /** false: start() makes one attempt and sets no timers (tests call tick()). Default true. */
  timers?: boolean
}

export interface LeaseKeeperSpec extends LeaseOptions {
  name: string
  holder: string
  onAcquired: () => void | Promise<void>
  onLost: () => void | Promise<void>
}

export interface LeaseKeeper {
  readonly name: string
  readonly holder: string
  readonly held: boolean
  /** One attempt to take or renew the lease; returns the ms until the next attempt is due. */
  tick(): Promise<number>
  start(): void
  /** Stops trying, stops the guarded work and releases the lease (another instance takes over at once). */
  stop(): Promise<void>
}

/** Margin added after the stored expiry before a challenger tries again (clock granularity). */
const AFTER_EXPIRY_MS = 50

export function createLeaseKeeper(deps: Pick<Deps, 'db' | 'clock' | 'log'>, spec: LeaseKeeperSpec): LeaseKeeper {
  const ttlMs = spec.ttlMs ?? 30_000
  const renewMs = spec.renewMs ?? 10_000
  const { db, clock, log } = deps
  let held = false
  let heldUntil = 0
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined

  async function lose(reason: string): Promise<void> {
    if (!held) return
    held = false
    log.warn({ lease: spec.name, holder: spec.holder, reason }, 'lease lost: stopping the guarded work')
    await spec.onLost()
  }

  async function attempt(): Promise<number> {
    const now = clock.now()
    let ok: boolean
    try {
      ok = await acquireLease(db, spec.name, spec.holder, now, ttlMs)
    } catch (err) {
      log.warn({ lease: spec.name, err: err instanceof Error ? err.message : String(err) }, 'lease: database unavailable')
      // Not renewed: give the work up before the stored lease runs out (another instance may take it then).
      if (held && heldUntil - now.getTime() <= renewMs) await lose('could not renew in time')
      return Math.min(renewMs, 1_000)
    }
    if (ok) {
      heldUntil = now.getTime() + ttlMs
      if (!held) {
        held = true
        log.info({ lease: spec.name, holder: spec.holder }, 'lease acquired')
        await spec.onAcquired()
      }
      return renewMs
    }
    await lose('another instance holds it')
    // Try again right after the current holder's lease would run out (or at the next renew step).
    const row = await leaseRow(db, spec.name).catch(() => undefined)
    const untilExpiry = row ? row.expiresAt.getTime() - now.getTime() + AFTER_EXPIRY_MS : renewMs
    return Math.max(AFTER_EXPIRY_MS, Math.min(renewMs, untilExpiry))
  }

  function schedule(ms: number): void {
    if (stopped || spec.timers === false) return
    clearTimeout(timer)
    timer = setTimeout(() => void keeper.tick().then(schedule, () => schedule(renewMs)), ms)
    timer.unref?.()
  }

  const keeper: LeaseKeeper = {
    name: spec.name,
    holder: spec.holder,
    get held() {
      return held
    },
    tick() {
      if (stopped) return Promise.resolve(renewMs)
      if (!running) running = attempt().finally(() => (running = undefined))
      return running
    },
    start() {
      stopped = false
      void keeper.tick().then(schedule, () => schedule(renewMs))
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running?.catch(() => {})
      if (!held) return
      held = false
      await spec.onLost()
      await releaseLease(db, spec.name, spec.holder).catch((err: unknown) =>
        log.warn({ lease: spec.name, err: err instanceof Error ? err.message : String(err) }, 'lease: could not release'),
      )
    },
  }
  return keeper
}
