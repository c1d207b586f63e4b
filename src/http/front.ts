// The main thread's HTTP server when the bot runs on its own thread (src/threads/bot-thread.ts):
// plain Node HTTP, no express — the callback routes read the raw body and hand the request over;
// /healthz asks the bot thread; anything else is 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import { startBotThread, type BotThread } from '../threads/bot-thread.js'
import { callbackListener } from './callback-common.js'
import { sendHealth } from './health.js'

export function frontListener(thread: BotThread, log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = thread.routes.map((path) => ({ path, route: path.split('/').pop() ?? path }))
  const callbacks = callbackListener(routes, log, (path, method, req) => thread.serve(path, method, req))
  return (req, res) => {
    if (callbacks(req, res)) return
    if (req.method === 'GET' && (req.url === '/healthz' || req.url?.startsWith('/healthz?'))) return void sendHealth(res, () => thread.health())
    res.writeHead(404).end()
  }
}

export interface Front {
  server: Server
  thread: BotThread
  /** Stops taking requests, lets those being answered finish, then stops the bot and its thread. */
  stop(): Promise<void>
}

/** Starts the bot's thread (configured from `env`), then serves HTTP on config.host:port. */
export async function startFront(config: Config, env: Record<string, string | undefined>, log: Logger): Promise<Front> {
  const thread = await startBotThread({ env })
  const server = createServer(frontListener(thread, log))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })
  return {
    server,
    thread,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await thread.stop()
    },
  }
}
