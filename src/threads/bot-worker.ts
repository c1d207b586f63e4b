// The bot's worker thread (callback mode, BOT_THREAD=on): the whole app — dispatcher, commands,
// database and its group commit, jobs, outbox delivery, checkpointer — without an HTTP server. The
// main thread reads each callback off the socket, checks and decrypts it and hands over the
// plaintext; the plaintext reply goes back the same way.
import { parentPort } from 'node:worker_threads'
import { createApp } from '../app.js'
import { loadConfig } from '../config.js'
import { health } from '../http/health.js'
import type { BotWorkerInput, FromBot, ToBot } from './bot-messages.js'

export default async function botWorker(input: BotWorkerInput): Promise<void> {
  const port = parentPort
  if (!port) throw new Error('bot-worker runs in a worker thread')
  const send = (m: FromBot) => port.postMessage(m)
  const app = await createApp({ config: loadConfig(input.env) })
  await app.start()
  port.on('message', (m: ToBot) => {
    if (m.type === 'callback') {
      void app.callbacks.handle(m.path, m.plain, m.ip).then((handled) => send({ type: 'handled', id: m.id, handled }))
    } else if (m.type === 'health') {
      void health(app.deps).then((h) => send({ type: 'health', id: m.id, health: h }))
    } else if (m.type === 'stop') {
      void app.stop().then(() => {
        send({ type: 'stopped' })
        port.close()
      })
    }
  })
  send({ type: 'ready', routes: app.callbacks.routes })
}
