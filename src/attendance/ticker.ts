// The scheduled-session tick task (学习预告): announce the day before, open at the time, close at
// the end — each step of each session in its own transaction with the messages it writes.
import type { TickTask } from '../ticker.js'
import { runDue } from './schedule.js'

export const sessionTask: TickTask = {
  name: 'study-sessions',
  async run(deps, now) {
    let n = 0
    for (const step of ['announce', 'open', 'close'] as const) {
      n += await deps.db.transaction().execute((trx) => runDue({ db: trx, outbox: deps.outbox, config: deps.config }, now, step))
    }
    return n
  },
}
