// Callback mode with BOT_THREAD=on: the bot runs on a worker thread (bot-worker.ts) and this, the
// main thread, serves HTTP. On two cores the work of a callback splits: sockets, HTTP parsing and
// WeCom's protocol (signature, replay check, decryption, the encrypted answer) here; the command
// and the database there — so callbacks are read and answered while the bot works on the last
// ones. A callback travels as its decrypted plaintext, the answer as the plaintext reply (or the
// status of a failure, which the bot thread has logged). If the worker stops unexpectedly, waiting
// callbacks are answered 503 (WeCom delivers them again) and `exited` resolves: main.ts then exits
// for the supervisor to restart it.
import type { Worker } from 'node:worker_threads'
import { TransientError } from '../bot/transient.js'
import type { Handled } from '../http/callbacks.js'
import type { Health } from '../http/health.js'
import { siblingModule, startModuleWorker } from './run-in-worker.js'
import type { BotWorkerInput, FromBot, ToBot } from './bot-messages.js'

export interface BotThread {
  /** The callback routes the bot serves ('/wecom/bot', '/wecom/app'). */
  routes: string[]
  /** Runs a route's application half on a decrypted callback. */
  handle(path: string, plain: string, ip?: string): Promise<Handled>
  health(): Promise<Health>
  /** Stops the bot (in-flight commands, loops, database), then the thread. */
  stop(): Promise<void>
  /** Resolves with the reason when the thread ends without having been asked to stop. */
  exited: Promise<Error>
}

/**
 * The bot thread's young generation, where V8 allocates new objects: by default it grows to 32 MB
 * under the bot's load, and each thread has its own. Bounded at 16 MB, the process's peak resident
 * memory at 1,000 callbacks a second was 188–192 MB instead of 203–208 (`npm run bench resources`);
 * young collections come more often, each as short.
 */
export const BOT_YOUNG_GENERATION_MB = 16

export function startBotThread(input: BotWorkerInput): Promise<BotThread> {
  const worker: Worker = startModuleWorker(siblingModule('bot-worker', import.meta.url), input, { maxYoungGenerationSizeMb: BOT_YOUNG_GENERATION_MB })
  const waiting = new Map<number, { resolve: (m: FromBot) => void; reject: (err: Error) => void }>()
  let nextId = 1
  let stopping = false
  let gone: Error | undefined
  let stopped: () => void = () => {}
  let ended: (err: Error) => void = () => {}
  const exited = new Promise<Error>((resolve) => (ended = resolve))
  const send = (m: ToBot) => worker.postMessage(m)

  /** Sends a question; resolves with the answer of the same id (fails with 503 once the thread is gone). */
  const ask = <T extends FromBot>(build: (id: number) => ToBot): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (gone) return reject(new TransientError(gone))
      const id = nextId++
      waiting.set(id, { resolve: (m) => resolve(m as T), reject })
      send(build(id))
    })

  return new Promise<BotThread>((resolve, reject) => {
    const end = (err: Error) => {
      if (gone) return
      gone = err
      for (const w of waiting.values()) w.reject(new TransientError(err))
      waiting.clear()
      stopped()
      if (!stopping) ended(err)
      reject(err)
    }
    worker.on('error', end)
    worker.on('exit', (code) => end(new Error(`the bot's thread exited (code ${code})`)))
    worker.on('message', (m: FromBot) => {
      if (m.type === 'ready') {
        resolve({
          routes: m.routes,
          handle: async (path, plain, ip) => (await ask<AnswerOf<'handled'>>((id) => ({ type: 'callback', id, path, plain, ip }))).handled,
          health: async () => (await ask<AnswerOf<'health'>>((id) => ({ type: 'health', id }))).health,
          stop: () =>
            new Promise<void>((done) => {
              if (gone) return done()
              stopping = true
              stopped = done
              send({ type: 'stop' })
            }),
          exited,
        })
      } else if (m.type === 'stopped') {
        stopping = true
        void worker.terminate()
      } else if ('id' in m) {
        const w = waiting.get(m.id)
        waiting.delete(m.id)
        w?.resolve(m)
      }
    })
  })
}

type AnswerOf<K extends FromBot['type']> = Extract<FromBot, { type: K }>
