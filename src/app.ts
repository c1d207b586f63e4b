// createApp(options): the composition of the whole bot — dependencies, registry, dispatcher,
// the express app with its routes, and the background loops. main.ts calls it with real
// dependencies; tests call it with a fake clock, an in-memory database and local WeCom stand-ins.
import type { Server } from 'node:http'
import express, { type Express } from 'express'
import { createRegistry } from '../commands/index.js'
import { createDispatcher, type Dispatcher } from './bot/dispatch.js'
import type { Registry } from './bot/registry.js'
import type { Clock } from './clock.js'
import { systemClock } from './clock.js'
import { secretsOf, type Config } from './config.js'
import { startCheckpointer } from './db/checkpointer.js'
import { createDb, type Db } from './db/create-db.js'
import { migrateToLatest } from './db/migrate.js'
import type { Deps } from './deps.js'
import { mountCallbacks, type CallbackOptions, type Callbacks } from './http/callbacks.js'
import { health, sendHealth } from './http/health.js'
import { randomIds, type Ids } from './ids.js'
import { createLogger, type Logger } from './log.js'
import { createDelivery, type Delivery, type DeliveryOptions } from './outbox/deliver.js'
import { createOutbox } from './outbox/outbox.js'
import { createScheduler, type Scheduler } from './scheduler/scheduler.js'
import { jobs } from '../jobs/index.js'
import { createWecomClient, type WecomClient } from './wecom/client.js'
import type { LongConn, LongConnOptions } from './wecom/longconn.js'
import { sessionTask } from './attendance/ticker.js'
import { loadCalendarFile } from './calendar/load-file.js'
import { competitionTask } from './quiz/ticker.js'
import { createTicker } from './ticker.js'
import { createLeaseKeeper, type LeaseKeeper, type LeaseOptions } from './cluster/lease-keeper.js'

export interface AppOptions {
  config: Config
  clock?: Clock
  /** An already-open database (tests); otherwise config.databaseUrl is opened and migrated. */
  dbh?: Db
  logger?: Logger
  ids?: Ids
  wecom?: WecomClient
  /** The WeCom callback routes' options (reply budget, response_url delivery). */
  callbacks?: CallbackOptions
  /** A different command registry (tests that need extra commands); default commands/index.ts. */
  registry?: Registry
  /** Outbox delivery loop options (limits, backoff, attempts). */
  delivery?: DeliveryOptions
  /** Long-connection options (heartbeat, reconnect delay); used when config.mode is 'longconn'. */
  longconn?: LongConnOptions
  /** The long-connection lease (TTL, renew interval, timers); longconn mode only. */
  lease?: LeaseOptions
}

export interface App {
  deps: Deps
  dispatcher: Dispatcher
  http: Express
  /** The mounted /wecom/bot and /wecom/app callback routes; idle() waits for slow commands. */
  callbacks: Callbacks
  /** The outbox delivery loop (tests call drainOnce()). */
  delivery: Delivery
  /** The long connection, when config.mode is 'longconn'. */
  longconn?: LongConn
  /**
   * Longconn mode: the database lease that decides which instance holds the one connection WeCom
   * allows per bot (and runs the outbox delivery, whose sends need that connection).
   */
  longconnLease?: LeaseKeeper
  /** The job scheduler (tests and the sandbox call tick()). */
  scheduler: Scheduler
  /** Starts background work (outbox delivery, scheduler, long connection). */
  start(): Promise<void>
  /** Stops background work, waits for in-flight work, closes the database. */
  stop(): Promise<void>
  listen(port?: number, host?: string): Promise<Server>
  /** Registers work to run when the sandbox clock jumps (e.g. the scheduler runs due jobs at once). */
  onClockMoved(listener: ClockListener): void
  /** The sandbox moved the clock: runs every registered listener in order, then wakes the outbox. */
  clockMoved(): Promise<void>
}

export type ClockListener = () => void | Promise<void>

export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options
  const clock = options.clock ?? systemClock
  const log = options.logger ?? createLogger(config.logLevel, secretsOf(config))
  const dbh = options.dbh ?? createDb(config.databaseUrl)
  if (!options.dbh) await migrateToLatest(dbh.db)
  let wakeDelivery = () => {}
  const outbox = createOutbox(clock, () => wakeDelivery())
  const wecom: WecomClient = options.wecom ?? createWecomClient(config, clock)
  const deps: Deps = { db: dbh.db, dbh, clock, config, wecom, outbox, log, ids: options.ids ?? randomIds }
  const registry = options.registry ?? createRegistry()
  const dispatcher = createDispatcher(deps, registry)

  const http = express()
  http.disable('x-powered-by')
  // No ETag on answers: callbacks and API calls are never revalidated, and hashing every body costs.
  http.disable('etag')
  http.get('/healthz', (_req, res) => void sendHealth(res, () => health(deps)))
  const callbacks = mountCallbacks(http, deps, dispatcher, options.callbacks)
  // The official SDK (and its WebSocket stack) is loaded only in long-connection mode.
  const longconn = config.mode === 'longconn' ? (await import('./wecom/longconn.js')).createLongConn(deps, dispatcher, options.longconn) : undefined
  const delivery = createDelivery(deps, { ...options.delivery, longconn })
  const longconnLease = longconn
    ? createLeaseKeeper(deps, {
        ...options.lease,
        name: 'longconn',
        holder: deps.ids.next('instance-'),
        onAcquired: () => {
          longconn.start()
          delivery.start()
        },
        onLost: async () => {
          await delivery.stop()
          await longconn.stop()
        },
      })
    : undefined
  wakeDelivery = () => delivery.wake()

  let server: Server | undefined
  const stoppers: (() => Promise<void>)[] = []
  stoppers.push(() => callbacks.idle())
  const clockListeners: ClockListener[] = []
  const scheduler = createScheduler(deps, jobs)
  // A sandbox clock jump runs whatever became due at once (catch-up rules apply as after downtime).
  clockListeners.push(async () => void (await scheduler.tick()))
  const ticker = createTicker(deps, [competitionTask, sessionTask])
  clockListeners.push(async () => void (await ticker.tick()))

  return {
    deps,
    dispatcher,
    http,
    callbacks,
    delivery,
    longconn,
    longconnLease,
    scheduler,
    async start() {
      if (config.holidayCalendarFile) await loadCalendarFile(deps, config.holidayCalendarFile)
      if (dbh.sqlite) {
        const checkpointer = startCheckpointer(dbh.sqlite, log)
        stoppers.push(() => checkpointer.stop())
      }
      // Longconn mode: only the lease holder connects and delivers (see longconnLease).
      if (!longconnLease) delivery.start()
      stoppers.push(() => delivery.stop())
      scheduler.start()
      stoppers.push(() => scheduler.stop())
      ticker.start()
      stoppers.push(() => ticker.stop())
      if (longconnLease) {
        longconnLease.start()
        stoppers.push(() => longconnLease.stop())
      }
    },
    async stop() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()))
      for (const stop of stoppers.reverse()) await stop()
      if (!options.dbh) await dbh.close()
    },
    onClockMoved(listener) {
      clockListeners.push(listener)
    },
    async clockMoved() {
      for (const listener of clockListeners) await listener()
      outbox.wake()
    },
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        const s = http.listen(port, host, () => resolve(s))
        s.once('error', reject)
        server = s
      })
    },
  }
}
