// The ticker: time-driven work that is not a calendar job — live competitions closing questions,
// scheduled study sessions being announced, opened and closed. Every second (real time) each task
// runs with the app clock; each finds its due work by a query and claims it with a conditional
// update, so a late, repeated or concurrent tick (several instances) does nothing twice.
import type { Deps } from './deps.js'

export interface TickTask {
  name: string
  /** Does what is due at `now`; returns how many things it did (to wake the outbox). */
  run(deps: TickDeps, now: Date): Promise<number>
}

export type TickDeps = Pick<Deps, 'db' | 'outbox' | 'config' | 'clock' | 'log'>

export interface Ticker {
  /** One pass over every task (the sandbox calls it when its clock jumps). */
  tick(): Promise<number>
  start(): void
  stop(): Promise<void>
}

export function createTicker(deps: TickDeps, tasks: TickTask[], intervalMs = 1000): Ticker {
  let timer: ReturnType<typeof setInterval> | undefined
  let running: Promise<number> | undefined
  const runAll = async (): Promise<number> => {
    let done = 0
    for (const task of tasks) {
      try {
        done += await task.run(deps, deps.clock.now())
      } catch (err) {
        deps.log.error({ task: task.name, err: (err as Error).message }, 'tick failed')
      }
    }
    if (done > 0) deps.outbox.wake()
    return done
  }
  const tick = (): Promise<number> => (running ??= runAll().finally(() => (running = undefined)))
  return {
    tick,
    start() {
      if (timer) return
      timer = setInterval(() => void tick(), intervalMs)
      timer.unref?.()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await running
    },
  }
}
