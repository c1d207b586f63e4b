// The delivery loop in the background: a pass, again at once while passes come back full (or
// someone called wake()), then a timer until the next row falls due — at most the poll interval,
// which also picks up rows written by other processes.
import type { Clock } from '../clock.js'
import type { Deps } from '../deps.js'
import { ClockPace } from './clock-pace.js'

export interface LoopControl {
  start(): void
  stop(): Promise<void>
  wake(): void
}

export interface LoopParts {
  drainOnce(): Promise<{ claimed: number }>
  nextDue(): Promise<number | undefined>
  clock: Clock
  log: Deps['log']
  pollMs: number
  batchSize: number
}

export function createLoop(p: LoopParts): LoopControl {
  const pace = new ClockPace(p.clock)
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let stopped = true
  let again = false

  function schedule(ms: number): void {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => void tick(), ms)
  }

  async function untilNextDue(): Promise<number> {
    try {
      const at = await p.nextDue()
      return at === undefined ? p.pollMs : pace.delayUntil(at, p.pollMs)
    } catch {
      return p.pollMs
    }
  }

  async function tick(): Promise<void> {
    if (running) {
      again = true
      return
    }
    let wait = p.pollMs
    running = (async () => {
      do {
        again = false
        try {
          const c = await p.drainOnce()
          if (c.claimed >= p.batchSize) again = true
        } catch (err) {
          p.log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'outbox: pass failed')
        }
      } while (again && !stopped)
      if (!stopped) wait = await untilNextDue()
    })()
    await running
    running = undefined
    schedule(again ? 0 : wait)
  }

  return {
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
