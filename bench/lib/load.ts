// Load generator, run as a SECOND process (forked by the benchmarks) against 127.0.0.1.
// It signs and encrypts every callback before the clock starts: one distinct member (and msgid)
// per request, so each /签到 is a real insert. Two modes:
//   saturate — autocannon, N connections for D seconds, at most one use of each prepared request;
//   open     — evenly spaced arrivals at R req/s over a keep-alive agent; latency is measured
//              from each request's SCHEDULED send time (no coordinated omission).
// The result goes back over IPC: {type:'result', …}.
import { writeFileSync } from 'node:fs'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { CallbackClient, botText } from '../../test/support/callback-client.js'
import { collectGarbage, quantile } from './common.js'

export interface LoadSpec {
  mode: 'saturate' | 'open'
  port: number
  token: string
  aesKey: string
  /** members bench-u<userFrom> … bench-u<userFrom+userCount-1>; member n is in group n % groups */
  userFrom: number
  userCount: number
  groups: number
  seconds: number
  connections?: number
  rate?: number
  warmupSeconds?: number
  /** open loop: write every measured request's [scheduled send, latency] in ms to this JSON file */
  timelineFile?: string
}

export interface LoadResult {
  type: 'result'
  sent: number
  ok: number
  /** 200 answers including the warm-up (each is a sign-in row in the app's database) */
  okAll: number
  non2xx: number
  errors: number
  seconds: number
  rps: number
  p50: number
  p90: number
  p99: number
  max: number
  /** measured requests that did not get a 200, by status code or error (open loop only) */
  failures?: Record<string, number>
}

export interface Prepared {
  path: string
  body: string
}

/** Signed /签到 callbacks for members [from, from+count). */
export function prepareSignIns(spec: Pick<LoadSpec, 'port' | 'token' | 'aesKey' | 'userFrom' | 'userCount' | 'groups'>): Prepared[] {
  const client = new CallbackClient({ baseUrl: `http://127.0.0.1:${spec.port}`, format: 'json', token: spec.token, aesKey: spec.aesKey, receiveId: '' })
  const out: Prepared[] = []
  for (let n = spec.userFrom; n < spec.userFrom + spec.userCount; n++) {
    const message = botText({ userid: `bench-u${n}`, chatid: `bench-g${n % spec.groups}`, content: '@学习助手 /签到', msgid: `bench-m${n}` })
    const s = client.sign(JSON.stringify(message))
    out.push({ path: client.url(s.query).replace(/^http:\/\/[^/]+/, ''), body: s.body })
  }
  return out
}

async function saturate(spec: LoadSpec, pool: Prepared[]): Promise<LoadResult> {
  let next = 0
  const r = await autocannon({
    url: `http://127.0.0.1:${spec.port}`,
    connections: spec.connections ?? 16,
    duration: spec.seconds,
    maxOverallRequests: pool.length,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req: Record<string, unknown>) => {
          const p = pool[next++ % pool.length]!
          return { ...req, path: p.path, body: p.body }
        },
      },
    ],
  })
  const seconds = r.duration
  return {
    type: 'result', sent: r.requests.sent, ok: r['2xx'], okAll: r['2xx'], non2xx: r.non2xx, errors: r.errors + r.timeouts, seconds,
    rps: r['2xx'] / seconds, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max,
  }
}

async function openLoop(spec: LoadSpec, pool: Prepared[]): Promise<LoadResult> {
  const rate = spec.rate ?? 200
  const warmup = Math.round((spec.warmupSeconds ?? 0) * rate)
  const total = Math.min(pool.length, warmup + Math.round(spec.seconds * rate))
  const interval = 1000 / rate
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })
  /** each measured request: [scheduled send, latency] */
  const measured: Array<[number, number]> = []
  let ok = 0
  let okAll = 0
  let non2xx = 0
  let errors = 0
  let finished = 0
  const failures: Record<string, number> = {}
  const failed = (why: string) => (failures[why] = (failures[why] ?? 0) + 1)
  let measuredFrom = 0
  let lastEnd = 0
  const start = performance.now() + 20
  await new Promise<void>((resolve) => {
    const done = () => {
      if (++finished === total) resolve()
    }
    const fire = (i: number, scheduled: number) => {
      const p = pool[i]!
      const req = http.request(
        { agent, host: '127.0.0.1', port: spec.port, method: 'POST', path: p.path, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(p.body) }, timeout: 10_000 },
        (res) => {
          res.resume()
          res.on('end', () => {
            const end = performance.now()
            if (res.statusCode === 200) okAll++
            if (i >= warmup) {
              measured.push([scheduled, end - scheduled])
              if (res.statusCode === 200) ok++
              else {
                non2xx++
                failed(`HTTP ${res.statusCode}`)
              }
              lastEnd = end
            }
            done()
          })
        },
      )
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (i >= warmup) {
          errors++
          failed(err.code ?? err.message)
        }
        done()
      })
      req.end(p.body)
    }
    let i = 0
    const pump = () => {
      const now = performance.now()
      while (i < total && start + i * interval <= now) {
        if (i === warmup) measuredFrom = start + i * interval
        fire(i, start + i * interval)
        i++
      }
      if (i < total) setTimeout(pump, Math.max(0, start + i * interval - performance.now() - 0.5))
    }
    setTimeout(pump, Math.max(0, start - performance.now()))
  })
  agent.destroy()
  if (spec.timelineFile) {
    const ms = (x: number) => Math.round(x * 100) / 100
    writeFileSync(spec.timelineFile, JSON.stringify(measured.sort((a, b) => a[0] - b[0]).map(([at, latency]) => [ms(at - measuredFrom), ms(latency)])))
  }
  const latencies = measured.map(([, latency]) => latency).sort((a, b) => a - b)
  const seconds = (lastEnd - measuredFrom) / 1000
  return {
    type: 'result', sent: total - warmup, ok, okAll, non2xx, errors, failures, seconds, rps: ok / seconds,
    p50: quantile(latencies, 0.5), p90: quantile(latencies, 0.9), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] ?? NaN,
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec
  const pool = prepareSignIns(spec)
  collectGarbage()
  const result = spec.mode === 'saturate' ? await saturate(spec, pool) : await openLoop(spec, pool)
  process.send?.(result, () => process.exit(0))
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
