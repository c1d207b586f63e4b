// createApp(options): the composition of the whole bot — dependencies, registry, dispatcher,
// the express app with its routes, and the background loops. main.ts calls it with real
// dependencies; tests call it with a fake clock, an in-memory database and local WeCom stand-ins.
import type { Server } from 'node:http'
import express, { type Express } from 'express'
import { createRegistry } from '../commands/index.js'
import { createDispatcher, type Dispatcher } from './bot/dispatch.js'
import type { Clock } from './clock.js'
import { systemClock } from './clock.js'
import type { Config } from './config.js'
import { createDb, type Db } from './db/create-db.js'
import { migrateToLatest } from './db/migrate.js'
import type { Deps } from './deps.js'
import { healthHandler } from './http/health.js'
import { randomIds, type Ids } from './ids.js'
import { createLogger, type Logger } from './log.js'
import { createOutbox } from './outbox/outbox.js'
import type { WecomClient } from './wecom/client.js'

export interface AppOptions {
  config: Config
  clock?: Clock
  /** An already-open database (tests); otherwise config.databaseUrl is opened and migrated. */
  dbh?: Db
  logger?: Logger
  ids?: Ids
  wecom?: WecomClient
}

export interface App {
  deps: Deps
  dispatcher: Dispatcher
  http: Express
  /** Starts background work (outbox delivery, scheduler, long connection). */
  start(): Promise<void>
  /** Stops background work, waits for in-flight work, closes the database. */
  stop(): Promise<void>
  listen(port?: number, host?: string): Promise<Server>
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options
  const clock = options.clock ?? systemClock
  const log = options.logger ?? createLogger(config.logLevel, secretsOf(config))
  const dbh = options.dbh ?? createDb(config.databaseUrl)
  if (!options.dbh) await migrateToLatest(dbh.db)
  const outbox = createOutbox(clock)
  const wecom: WecomClient = options.wecom ?? {}
  const deps: Deps = { db: dbh.db, dbh, clock, config, wecom, outbox, log, ids: options.ids ?? randomIds }
  const registry = createRegistry()
  const dispatcher = createDispatcher(deps, registry)

  const http = express()
  http.disable('x-powered-by')
  http.get('/healthz', healthHandler(deps))

  let server: Server | undefined
  const stoppers: (() => Promise<void>)[] = []

  return {
    deps,
    dispatcher,
    http,
    async start() {},
    async stop() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()))
      for (const stop of stoppers.reverse()) await stop()
      if (!options.dbh) await dbh.close()
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

export function secretsOf(config: Config): string[] {
  return [config.bot.secret, config.bot.aesKey, config.bot.token, config.app.secret, config.app.aesKey, config.app.token].filter(
    (s): s is string => Boolean(s),
  )
}
