// 6 Crash trials: R runs of N encrypted /签到 callbacks (one distinct member each) against the real
// bot in a child process on one SQLite file. In each run the child is SIGKILLed at a seeded random
// moment (after a random number of answers, plus up to 3 ms); it is started again and, as WeCom
// does, every callback that got no answer is delivered again (same msgid, fresh signature); the
// callbacks never sent are sent then. Afterwards the database is checked for every callback:
// lost = no sign-in or no point event; double-applied = more than one event, or a running total
// that is not exactly the awarded points.
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { CallbackClient, botText, generateCallbackKeys } from '../test/support/callback-client.js'
import { rng, type Bench, type Row } from './lib/common.js'
import { startServer, type ServerHandle } from './lib/processes.js'

const GROUPS = 20
const member = (run: number, i: number) => ({ userid: `crash-r${run}-u${i}`, chatid: `crash-g${i % GROUPS}`, msgid: `crash-${run}-${i}` })

type Outcome = 'answered' | 'failed'

/** Posts callbacks i ∈ list with `concurrency` in flight; stops starting new ones once `stop()` is true. */
async function post(port: number, client: CallbackClient, run: number, list: number[], concurrency: number, onAnswer: () => void, stop: () => boolean) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const outcome = new Map<number, Outcome>()
  let next = 0
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const m = member(run, i)
      const s = client.sign(JSON.stringify(botText({ ...m, content: '@学习助手 /签到' })))
      const path = client.url(s.query).replace(/^http:\/\/[^/]+/, '')
      const req = http.request({ agent, host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json' }, timeout: 10_000 }, (res) => {
        res.resume()
        res.on('end', () => {
          outcome.set(i, res.statusCode === 200 ? 'answered' : 'failed')
          if (res.statusCode === 200) onAnswer()
          resolve()
        })
        res.on('error', () => {
          outcome.set(i, 'failed')
          resolve()
        })
      })
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', () => {
        outcome.set(i, 'failed')
        resolve()
      })
      req.end(s.body)
    })
  const lane = async () => {
    while (next < list.length && !stop()) await one(list[next++]!)
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  agent.destroy()
  return outcome
}

export const crashTrials: Bench = async (o, log) => {
  const { runs, callbacks, concurrency } = o.crash
  const dir = mkdtempSync(join(tmpdir(), 'bench-crash-'))
  const dbPath = join(dir, 'bot.db')
  const keys = generateCallbackKeys()
  const random = rng(o.seed + 6)
  let redelivered = 0
  let killedInFlight = 0
  try {
    for (let run = 0; run < runs; run++) {
      const client = new CallbackClient({ baseUrl: 'http://127.0.0.1', format: 'json', ...keys, receiveId: '' })
      const killAfter = 1 + Math.floor(random() * (callbacks - 1))
      const jitterMs = random() * 3
      let server: ServerHandle = await startServer({ kind: 'app', ...keys, dbPath })
      let answers = 0
      let killed = false
      const all = Array.from({ length: callbacks }, (_, i) => i)
      const first = await post(server.port, client, run, all, concurrency, () => {
        if (++answers === killAfter) {
          setTimeout(() => {
            killed = true
            server.child.kill('SIGKILL')
          }, jitterMs)
        }
      }, () => killed)
      await server.kill()
      // Restart on the same file; WeCom redelivers what got no answer, then the rest arrives.
      server = await startServer({ kind: 'app', ...keys, dbPath })
      const unanswered = all.filter((i) => first.get(i) === 'failed')
      const unsent = all.filter((i) => !first.has(i))
      redelivered += unanswered.length
      killedInFlight += unanswered.length
      let pending = [...unanswered, ...unsent]
      for (let attempt = 0; attempt < 5 && pending.length; attempt++) {
        const r = await post(server.port, client, run, pending, concurrency, () => {}, () => false)
        pending = pending.filter((i) => r.get(i) !== 'answered')
        if (attempt > 0) redelivered += pending.length
      }
      await server.stop()
      log(`  run ${run + 1}/${runs}: killed after ${killAfter} answers (+${jitterMs.toFixed(1)} ms), ${unanswered.length} unanswered redelivered, ${unsent.length} sent after restart${pending.length ? `, ${pending.length} NEVER answered` : ''}`)
    }
    const { lost, doubled, checked } = verify(dbPath, runs, callbacks)
    const total = runs * callbacks
    const note = `${runs} runs × ${callbacks} callbacks, ${concurrency} in flight, SIGKILL after a seeded random number of answers; ${killedInFlight} callbacks were in flight at a kill and redelivered; ${checked} checked in the database`
    return [
      { bench: 'crash', figure: 'lost commands after SIGKILL + redelivery', value: lost, unit: '', baseline: { label: 'callbacks sent', value: total }, goal: '0', pass: lost === 0, note },
      { bench: 'crash', figure: 'double-applied commands (points twice)', value: doubled, unit: '', baseline: { label: 'callbacks sent', value: total }, goal: '0', pass: doubled === 0, note: 'per member: sign-in rows, point events and the all-time running total must each say exactly one award' },
    ] satisfies Row[]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function verify(dbPath: string, runs: number, callbacks: number) {
  const db = new SqliteDatabase(dbPath, { readonly: true })
  try {
    const count = (sql: string) => new Map((db.prepare(sql).all() as { userid: string; n: number }[]).map((r) => [r.userid, Number(r.n)]))
    const checkins = count(`select userid, count(*) as n from att_checkins where userid like 'crash-%' group by userid`)
    const events = count(`select userid, count(*) as n from point_events where userid like 'crash-%' and rule = 'checkin.daily' group by userid`)
    const points = count(`select userid, sum(points) as n from point_events where userid like 'crash-%' group by userid`)
    const totals = count(`select userid, points as n from point_totals where userid like 'crash-%' and period = 'all'`)
    let lost = 0
    let doubled = 0
    let checked = 0
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < callbacks; i++) {
        const u = member(run, i).userid
        checked++
        const c = checkins.get(u) ?? 0
        const e = events.get(u) ?? 0
        const total = totals.get(u) ?? 0
        const awarded = points.get(u) ?? 0
        if (c === 0 || e === 0 || total < awarded) lost++
        else if (c > 1 || e > 1 || total > awarded) doubled++
      }
    }
    return { lost, doubled, checked }
  } finally {
    db.close()
  }
}
