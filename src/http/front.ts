// The main thread's HTTP server when the bot runs on its own thread (src/threads/bot-thread.ts):
// plain Node HTTP, no express. The callback routes' protocol half runs here (signature, replay
// check, decryption, the encrypted answer) and hands the plaintext to the bot thread; /healthz
// asks the bot thread; anything else is 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { systemClock } from '../clock.js'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import { startBotThread, type BotThread } from '../threads/bot-thread.js'
import { AnsweredElsewhere } from './callback-common.js'
import { callbackListener, type CallbackApp } from './callback-protocol.js'
import { callbackProtocols } from './protocols.js'
import { sendHealth } from './health.js'

export function frontListener(config: Config, thread: BotThread, log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  const protocols = callbackProtocols(config, systemClock)
  const onThread = (path: string): CallbackApp => async (plain, req) => {
    const handled = await thread.handle(path, plain, req.ip)
    if (handled.status !== undefined) throw new AnsweredElsewhere(handled.status)
    return handled.reply
  }
  const callbacks = callbackListener(protocols.map((protocol) => ({ protocol, app: onThread(protocol.path) })), log)
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
  const server = createServer(frontListener(config, thread, log))
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
