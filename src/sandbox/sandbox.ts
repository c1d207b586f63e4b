// Sandbox mode (no WeCom credentials): the bot runs with generated credentials against a local
// stand-in for WeCom served by the same process, plus a web page to use it (GET /sandbox).
// main.ts: prepareSandbox(config) → createApp({ config: sb.config, clock: sb.clock }) →
// sb.attach(app) → listen → sb.announce(server).
import type { Server } from 'node:http'
import { createServer } from 'node:net'
import type { App } from '../app.js'
import { OffsetClock, systemClock } from '../clock.js'
import type { Config } from '../config.js'
import { t } from '../i18n/index.js'
import { adminIds } from '../members/members.js'
import { CallbackSender } from './callback-sender.js'
import { moveClock, type ClockAction } from './clock-control.js'
import { DEFAULT_CREDENTIALS_FILE, loadCredentials, saveCredentials, type SandboxCredentials } from './credentials.js'
import { DEMO_ADMIN, DEMO_GROUPS } from './demo-data.js'
import { seedDemo, seedDemoIfNew, wipeAll } from './demo-seed.js'
import { createPageRouter } from './page-routes.js'
import { createStandinRouter } from './wecom-standin/routes.js'
import { WecomStandin } from './wecom-standin/standin.js'
import { groupConvo } from './wecom-standin/store.js'

export const STANDIN_PATH = '/sandbox/wecom'

export interface SandboxOptions {
  credentialsFile?: string
  /** stream refresh poll interval (ms), default 1000 */
  pollMs?: number
}

export interface SandboxRuntime {
  config: Config
  clock: OffsetClock
  creds: SandboxCredentials
  standin: WecomStandin
  sender: CallbackSender
  adminIds(): Promise<string[]>
  moveClock(action: ClockAction): Promise<Date>
  onClock(listener: (now: Date) => void): () => void
  reset(): Promise<void>
}

export interface Sandbox extends SandboxRuntime {
  /** Seeds the demo data (first start), mounts the stand-in and the page on the app. */
  attach(app: App): Promise<void>
  /** Prints the page address; returns it. */
  announce(server: Server): string
  stop(): Promise<void>
}

/** A free TCP port on host (the stand-in's address must be known before the app is built). */
async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, host, () => {
      const addr = s.address()
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })
}

const loopbackHost = (host: string): string => (['0.0.0.0', '::', '', 'localhost'].includes(host) ? '127.0.0.1' : host)

export async function prepareSandbox(base: Config, options: SandboxOptions = {}): Promise<Sandbox> {
  const file = options.credentialsFile ?? DEFAULT_CREDENTIALS_FILE
  const creds = loadCredentials(file)
  const port = base.port === 0 ? await freePort(loopbackHost(base.host)) : base.port
  const botBase = `http://${loopbackHost(base.host).includes(':') ? `[${loopbackHost(base.host)}]` : loopbackHost(base.host)}:${port}`
  const config: Config = {
    ...base,
    port,
    mode: 'sandbox',
    adminUserIds: base.adminUserIds.length ? base.adminUserIds : [DEMO_ADMIN],
    bot: { token: creds.bot.token, aesKey: creds.bot.aesKey },
    app: { ...creds.app },
    apiBase: botBase + STANDIN_PATH,
  }
  const clock = new OffsetClock()
  clock.set(new Date(systemClock.now().getTime() + creds.clockOffsetMs))
  const standin = new WecomStandin(creds, config.apiBase, clock)
  const sender = new CallbackSender(standin, { botBase: () => botBase, botName: config.botName, pollMs: options.pollMs })
  const clockListeners = new Set<(now: Date) => void>()
  let app: App | undefined

  const saveOffset = () => {
    creds.clockOffsetMs = clock.now().getTime() - systemClock.now().getTime()
    saveCredentials(file, creds)
  }
  const clockChanged = async () => {
    saveOffset()
    standin.webhookLimit.clear()
    standin.memberLimit.clear()
    for (const l of clockListeners) l(clock.now())
    await app?.clockMoved()
  }

  const sb: Sandbox = {
    config, clock, creds, standin, sender,
    adminIds: async () => (app ? adminIds(app.deps.db, config.adminUserIds) : config.adminUserIds),
    async moveClock(action) {
      moveClock(clock, action, config.timezone)
      await clockChanged()
      return clock.now()
    },
    onClock(listener) {
      clockListeners.add(listener)
      return () => clockListeners.delete(listener)
    },
    async reset() {
      if (!app) return
      await sender.idle()
      await app.callbacks.idle()
      await wipeAll(app.deps)
      standin.reset()
      clock.reset()
      await seedDemo(app.deps, creds.webhookKeys)
      for (const g of DEMO_GROUPS) standin.store.add({ convo: groupConvo(g.chatId), sender: 'system', channel: 'system', body: { type: 'system', content: t('sandbox.reset') } })
      await clockChanged()
    },
    async attach(a) {
      app = a
      await seedDemoIfNew(a.deps, creds.webhookKeys)
      a.http.use(STANDIN_PATH, createStandinRouter(standin))
      a.http.use(createPageRouter(sb))
    },
    announce(server) {
      const addr = server.address()
      const actual = typeof addr === 'object' && addr ? addr.port : port
      const url = `http://localhost:${actual}/sandbox`
      console.log(t('sandbox.started', { url }))
      console.log(t('sandbox.startedHint'))
      return url
    },
    async stop() {
      sender.stop()
      await sender.idle()
    },
  }
  return sb
}
