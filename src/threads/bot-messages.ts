// What the HTTP thread and the bot's worker thread say to each other (src/threads/bot-thread.ts).
// A callback crosses decrypted: the HTTP thread has checked and opened it, and seals the reply.
import type { Handled } from '../http/callbacks.js'
import type { Health } from '../http/health.js'

export type ToBot =
  | { type: 'callback'; id: number; path: string; plain: string; ip?: string }
  | { type: 'health'; id: number }
  | { type: 'stop' }

export type FromBot =
  | { type: 'ready'; routes: string[] }
  | { type: 'handled'; id: number; handled: Handled }
  | { type: 'health'; id: number; health: Health }
  | { type: 'stopped' }

export interface BotWorkerInput {
  /** The environment the configuration is read from (the main thread's, .env included). */
  env: Record<string, string | undefined>
}
