// Mounts the inbound WeCom callback routes on the express app: /wecom/bot in callback and sandbox
// modes, /wecom/app whenever the self-built app's corp id, token and key are configured.
import type { Express } from 'express'
import type { Dispatcher } from '../bot/dispatch.js'
import type { Deps } from '../deps.js'
import { appCallback, appCallbackConfigured } from './app-callback.js'
import { botCallback } from './bot-callback.js'
import type { Json } from './bot-reply.js'
import { InFlight, callbackListener, serveWith, type CallbackAnswer, type CallbackHandler, type CallbackRequest } from './callback-common.js'

export interface CallbackOptions {
  /** Time a command may take before the callback is answered without its result (default 3000 ms). */
  replyBudgetMs?: number
  /** Delivery of a slow result through a callback's response_url (default: deps.wecom.replyResponseUrl). */
  postResponseUrl?: (url: string, body: Json) => Promise<void>
}

export interface Callbacks {
  /** Which routes were mounted. */
  routes: string[]
  /** Serves a request for one of the routes without HTTP (the bot's worker thread); unknown path → 404. */
  serve(path: string, method: 'GET' | 'POST', req: CallbackRequest): Promise<CallbackAnswer>
  /** Resolves when every slow command started by a callback has finished and been stored. */
  idle(): Promise<void>
}

export const DEFAULT_REPLY_BUDGET_MS = 3000

export function mountCallbacks(http: Express, deps: Deps, dispatcher: Dispatcher, options: CallbackOptions = {}): Callbacks {
  const inFlight = new InFlight()
  const replyBudgetMs = options.replyBudgetMs ?? DEFAULT_REPLY_BUDGET_MS
  const handlers = new Map<string, CallbackHandler>()
  const { mode, bot } = deps.config
  if ((mode === 'callback' || mode === 'sandbox') && bot.token && bot.aesKey) {
    const postResponseUrl = options.postResponseUrl ?? defaultResponseUrl(deps)
    const h = botCallback(deps, dispatcher, { replyBudgetMs, postResponseUrl, inFlight })
    handlers.set(h.path, h)
  }
  if (appCallbackConfigured(deps)) {
    const h = appCallback(deps, dispatcher, { replyBudgetMs, inFlight })
    handlers.set(h.path, h)
  }
  const serve = async (path: string, method: 'GET' | 'POST', req: CallbackRequest): Promise<CallbackAnswer> => {
    const h = handlers.get(path)
    return h ? serveWith(h, deps.log, method, req) : { status: 404 }
  }
  const listener = callbackListener([...handlers.values()], deps.log, serve)
  http.use((req, res, next) => {
    if (!listener(req, res)) next()
  })
  return {
    routes: [...handlers.keys()],
    serve,
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
