// Composition root: config → app (deps, routes, loops) → listen; SIGTERM/SIGINT shut down gracefully.
// Callback mode (BOT_THREAD=on): the app runs on a worker thread and this thread serves HTTP.
// This thread imports the app only when it runs it: with the bot on its own thread, the HTTP thread
// holds none of the bot's code (each thread loads its modules into its own memory).
import type { Server } from 'node:http'
import { ConfigError, loadConfig, readEnv, secretsOf, type Config } from './config.js'
import { limitHeapGrowth } from './heap.js'
import { startFront } from './http/front.js'
import { createLogger, type Logger } from './log.js'

async function main(): Promise<void> {
  let config
  const env = readEnv()
  try {
    config = loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  limitHeapGrowth(config.heapGrowingPercent)
  if (config.mode === 'callback' && config.botThread) return withBotThread(config, env)
  // Sandbox mode (no WeCom credentials): generated credentials, a movable clock, and a local
  // stand-in for WeCom with a web page, all served by this process.
  const { createApp } = await import('./app.js')
  const sandbox = config.mode === 'sandbox' ? await (await import('./sandbox/sandbox.js')).prepareSandbox(config) : undefined
  if (sandbox) config = sandbox.config
  const app = await createApp({ config, clock: sandbox?.clock })
  await sandbox?.attach(app)
  const server = await app.listen()
  await app.start()
  sandbox?.announce(server)
  const port = portOf(server, config)
  app.deps.log.info({ port, mode: config.mode, version: config.version }, 'study-bot listening')

  stopOnSignals(app.deps.log, async () => {
    await sandbox?.stop()
    await app.stop()
  })
}

/** Callback mode, BOT_THREAD=on: the bot on a worker thread, HTTP on this one (src/threads/bot-thread.ts). */
async function withBotThread(config: Config, env: Record<string, string | undefined>): Promise<void> {
  const log: Logger = createLogger(config.logLevel, secretsOf(config))
  const front = await startFront(config, env, log)
  const port = portOf(front.server, config)
  log.info({ port, mode: config.mode, version: config.version, botThread: true }, 'study-bot listening')

  void front.thread.exited.then((err) => {
    log.fatal({ err: err.message }, "the bot's thread stopped; exiting")
    process.exit(1)
  })
  // Callbacks being answered finish first; then the bot's in-flight commands, loops and database.
  stopOnSignals(log, () => front.stop())
}

/** The port the server listens on (config.port may be 0: any free port). */
function portOf(server: Server, config: Config): number {
  const address = server.address()
  return typeof address === 'object' && address ? address.port : config.port
}

/** SIGTERM / SIGINT: `stop` once, then exit 0; exit 1 if it has not finished within 15 s. */
function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(1), 15_000).unref()
    await stop()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

void main()
