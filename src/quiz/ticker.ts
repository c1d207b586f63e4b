// The competition ticker: every second (real time) it calls tickCompetitions with the app clock,
// so questions close and advance even when nobody answers. Runs never overlap; errors are logged.
import type { Deps } from '../deps.js'
import { tickCompetitions } from './tick.js'

export interface Ticker {
  start(): void
  stop(): Promise<void>
}

export function createQuizTicker(deps: Pick<Deps, 'db' | 'outbox' | 'config' | 'clock' | 'log'>, intervalMs = 1000): Ticker {
  let timer: ReturnType<typeof setInterval> | undefined
  let running: Promise<void> | undefined
  const run = async () => {
    try {
      if ((await tickCompetitions(deps, deps.clock.now())) > 0) deps.outbox.wake()
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'competition tick failed')
    }
  }
  return {
    start() {
      if (timer) return
      timer = setInterval(() => {
        if (!running) running = run().finally(() => (running = undefined))
      }, intervalMs)
      timer.unref?.()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await running
    },
  }
}
