// Child process that serves POST /wecom/bot on 127.0.0.1 (port 0) for the load benchmarks:
//   kind 'app'  — the real bot in callback mode on a SQLite file, started as src/main.ts does: the
//                 bot on its worker thread behind the HTTP thread (BOT_THREAD=on, the default; or
//                 on one thread with botThread false), background loops started, the heap limited
//                 (job crons set to 1 January so no job fires), logs at info to /dev/null;
//   kind 'bare' — the baseline: a bare express handler that verifies the signature, decrypts and
//                 answers with the same plaintext encrypted again (no parsing, no database).
// IPC: → {type:'ready', port}; ← {type:'sample-start'} / {type:'sample-stop'} → {type:'sample', …};
//      ← {type:'stop'} → graceful stop and exit.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import express from 'express'
import { CallbackCrypto } from '../../src/wecom/crypto.js'

export interface ServerSpec {
  kind: 'app' | 'bare'
  token: string
  aesKey: string
  /** SQLite file of the real app */
  dbPath?: string
  /** The app: its bot on a worker thread (default, as in production) or everything on one thread */
  botThread?: boolean
}

export interface Sample {
  type: 'sample'
  maxRssMb: number
  meanRssMb: number
  /** V8 heap (total reserved) and memory outside it (Buffers, native) at the RSS peak */
  heapAtMaxMb: number
  externalAtMaxMb: number
  loopP99Ms: number
  loopMaxMs: number
  /** event-loop utilisation 0..1 over the sample */
  elu: number
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ServerSpec
const send = (m: unknown) => process.send?.(m)

async function main(): Promise<void> {
  let stop: () => Promise<void>
  let port: number
  if (spec.kind === 'app') {
    // Loaded only here, so the bare baseline's memory holds no bot code.
    const { loadConfig, secretsOf } = await import('../../src/config.js')
    const tmp = mkdtempSync(join(tmpdir(), 'bench-bot-'))
    const never = '0 3 1 1 *'
    const env = {
      WECOM_MODE: 'callback',
      WECOM_BOT_TOKEN: spec.token,
      WECOM_BOT_AES_KEY: spec.aesKey,
      DATABASE_URL: `sqlite:${spec.dbPath}`,
      LOG_LEVEL: 'info',
      WECOM_API_BASE: 'http://127.0.0.1:9',
      HOST: '127.0.0.1',
      PORT: '0',
      BACKUP_DIR: join(tmp, 'backups'),
      FONT_CACHE_DIR: join(tmp, 'fonts'),
      JOB_WEEKLY_ASSIGNMENT: never,
      JOB_REMINDERS: never,
      JOB_LEADERBOARD: never,
      JOB_ADMIN_DIGEST: never,
      JOB_HOUSEKEEPING: never,
      BOT_THREAD: spec.botThread === false ? 'off' : 'on',
    }
    const config = loadConfig(env)
    const { limitHeapGrowth } = await import('../../src/heap.js')
    limitHeapGrowth(config.heapGrowingPercent)
    if (config.botThread) {
      const { startFront } = await import('../../src/http/front.js')
      const { createLogger } = await import('../../src/log.js')
      const front = await startFront(config, env, createLogger(config.logLevel, secretsOf(config)))
      port = (front.server.address() as { port: number }).port
      stop = () => front.stop()
    } else {
      const { createApp } = await import('../../src/app.js')
      const app = await createApp({ config })
      const server = await app.listen(0, '127.0.0.1')
      await app.start()
      port = (server.address() as { port: number }).port
      stop = () => app.stop()
    }
  } else {
    const crypto = new CallbackCrypto(spec.token, spec.aesKey, '')
    const http = express()
    http.disable('x-powered-by')
    http.post('/wecom/bot', express.raw({ type: () => true, limit: 1024 * 1024 }), (req, res) => {
      const q = req.query as Record<string, string>
      const { encrypt } = JSON.parse((req.body as Buffer).toString('utf8')) as { encrypt: string }
      if (!crypto.verify(q.timestamp!, q.nonce!, encrypt, q.msg_signature!)) return void res.status(401).end()
      const plain = crypto.open(encrypt)
      const sealed = crypto.seal(plain, q.timestamp!, q.nonce!)
      res.type('text/plain').send(JSON.stringify({ encrypt: sealed.encrypt, msgsignature: sealed.signature, timestamp: Number(q.timestamp), nonce: q.nonce }))
    })
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = http.listen(0, '127.0.0.1', () => resolve(s))
    })
    port = (server.address() as { port: number }).port
    stop = () => new Promise((resolve) => server.close(() => resolve()))
  }

  let sampling: { timer: NodeJS.Timeout; rss: number[]; peak: { rss: number; heap: number; external: number }; loop: ReturnType<typeof monitorEventLoopDelay>; elu: ReturnType<typeof performance.eventLoopUtilization> } | undefined
  process.on('message', (m: { type: string }) => {
    if (m.type === 'sample-start') {
      const loop = monitorEventLoopDelay({ resolution: 2 })
      loop.enable()
      const rss: number[] = []
      const peak = { rss: 0, heap: 0, external: 0 }
      const timer = setInterval(() => {
        const m = process.memoryUsage()
        rss.push(m.rss)
        if (m.rss > peak.rss) Object.assign(peak, { rss: m.rss, heap: m.heapTotal, external: m.external })
      }, 50)
      sampling = { timer, rss, peak, loop, elu: performance.eventLoopUtilization() }
    } else if (m.type === 'sample-stop' && sampling) {
      const s = sampling
      sampling = undefined
      clearInterval(s.timer)
      s.loop.disable()
      s.rss.push(process.memoryUsage.rss())
      const mb = (b: number) => b / 1048576
      const out: Sample = {
        type: 'sample',
        maxRssMb: mb(Math.max(...s.rss)),
        meanRssMb: mb(s.rss.reduce((a, b) => a + b, 0) / s.rss.length),
        heapAtMaxMb: mb(s.peak.heap),
        externalAtMaxMb: mb(s.peak.external),
        loopP99Ms: s.loop.percentile(99) / 1e6,
        loopMaxMs: s.loop.max / 1e6,
        elu: performance.eventLoopUtilization(s.elu).utilization,
      }
      send(out)
    } else if (m.type === 'stop') {
      void stop().then(() => process.exit(0))
    }
  })
  send({ type: 'ready', port })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
