// Composition root: config → app (deps, routes, loops) → listen; SIGTERM/SIGINT shut down gracefully.
import { createApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { limitHeapGrowth } from './heap.js'
import { prepareSandbox } from './sandbox/sandbox.js'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  limitHeapGrowth(config.heapGrowingPercent)
  // Sandbox mode (no WeCom credentials): generated credentials, a movable clock, and a local
  // stand-in for WeCom with a web page, all served by this process.
  const sandbox = config.mode === 'sandbox' ? await prepareSandbox(config) : undefined
  if (sandbox) config = sandbox.config
  const app = await createApp({ config, clock: sandbox?.clock })
  await sandbox?.attach(app)
  const server = await app.listen()
  await app.start()
  sandbox?.announce(server)
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  app.deps.log.info({ port, mode: config.mode, version: config.version }, 'study-bot listening')

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.deps.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    await sandbox?.stop()
    await app.stop()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

void main()
