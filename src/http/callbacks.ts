// Mounts the inbound WeCom callback routes on the express app: /wecom/bot in callback and sandbox
// modes, /wecom/app whenever the self-built app's corp id, token and key are configured
// (protocols.ts). Each route is its protocol half (signature, decryption, encrypted answer) and its
// application half (the dispatch); `handle` runs an application half alone for the bot's thread.
import type { Express } from 'express'
import type { Dispatcher } from '../bot/dispatch.js'
import type { Deps } from '../deps.js'
import { appCallbackApp } from './app-callback.js'
import { botCallbackApp } from './bot-callback.js'
import type { Json } from './bot-reply.js'
import { InFlight, failureAnswer } from './callback-common.js'
import { callbackListener, type CallbackRoute } from './callback-protocol.js'
import { callbackProtocols } from './protocols.js'

export interface CallbackOptions {
  /** Time a command may take before the callback is answered without its result (default 3000 ms). */
  replyBudgetMs?: number
  /** Delivery of a slow result through a callback's response_url (default: deps.wecom.replyResponseUrl). */
  postResponseUrl?: (url: string, body: Json) => Promise<void>
}

/** What the application half made of a decrypted callback: the plaintext reply, or the failure's status. */
export type Handled = { reply?: string; status?: undefined } | { status: number }

export interface Callbacks {
  /** Which routes were mounted. */
  routes: string[]
  /** Runs a route's application half on a decrypted callback (the bot's thread); failures are logged here. */
  handle(path: string, plain: string, ip?: string): Promise<Handled>
  /** Resolves when every slow command started by a callback has finished and been stored. */
  idle(): Promise<void>
}

export const DEFAULT_REPLY_BUDGET_MS = 3000

export function mountCallbacks(http: Express, deps: Deps, dispatcher: Dispatcher, options: CallbackOptions = {}): Callbacks {
  const inFlight = new InFlight()
  const replyBudgetMs = options.replyBudgetMs ?? DEFAULT_REPLY_BUDGET_MS
  const protocols = callbackProtocols(deps.config, deps.clock)
  const routes = new Map<string, CallbackRoute>()
  for (const protocol of protocols) {
    const app =
      protocol.route === 'bot'
        ? botCallbackApp(deps, dispatcher, { replyBudgetMs, postResponseUrl: options.postResponseUrl ?? defaultResponseUrl(deps), inFlight })
        : appCallbackApp(deps, dispatcher, { replyBudgetMs, inFlight })
    routes.set(protocol.path, { protocol, app })
  }
  const listener = callbackListener([...routes.values()], deps.log)
  http.use((req, res, next) => {
    if (!listener(req, res)) next()
  })
  return {
    routes: [...routes.keys()],
    async handle(path, plain, ip) {
      const r = routes.get(path)
      if (!r) return { status: 404 }
      try {
        return { reply: await r.app(plain, { ip }) }
      } catch (err) {
        return { status: failureAnswer(deps.log, r.protocol.route, { url: path, ip }, err).status }
      }
    },
    idle: () => inFlight.idle(),
  }
}

function defaultResponseUrl(deps: Deps): (url: string, body: Json) => Promise<void> {
  return async (url, body) => {
    const client = deps.wecom as { replyResponseUrl?: (url: string, body: never) => Promise<void> }
    if (typeof client.replyResponseUrl !== 'function') throw new Error('no WeCom client for response_url')
    await client.replyResponseUrl(url, body as never)
  }
}
