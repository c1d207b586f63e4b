// What the HTTP thread and the bot's worker thread say to each other (src/threads/bot-thread.ts).
import type { CallbackAnswer, CallbackRequest } from '../http/callback-common.js'
import type { Health } from '../http/health.js'

export type ToBot =
  | { type: 'request'; id: number; path: string; method: 'GET' | 'POST'; req: CallbackRequest }
  | { type: 'health'; id: number }
  | { type: 'stop' }

export type FromBot =
  | { type: 'ready'; routes: string[] }
  | { type: 'answer'; id: number; answer: CallbackAnswer }
  | { type: 'health'; id: number; health: Health }
  | { type: 'stopped' }

export interface BotWorkerInput {
  /** The environment the configuration is read from (the main thread's, .env included). */
  env: Record<string, string | undefined>
}
