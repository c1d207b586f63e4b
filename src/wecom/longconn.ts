// Long-connection mode (WECOM.md §3.5) through the official @wecom/aibot-node-sdk WSClient.
// Frames are handled by longconn-handler.ts; this module owns the connection and the proactive
// sender (aibot_send_msg) that the outbox uses.
import { WSClient, type SendMsgBody, type TemplateCard as SdkCard, type WsFrame } from '@wecom/aibot-node-sdk'
import type { Dispatcher } from '../bot/dispatch.js'
import { truncateUtf8 } from '../bot/normalize.js'
import type { Deps } from '../deps.js'
import { WecomApiError, WecomHttpError } from '../errors.js'
import { createFrameHandler } from './longconn-handler.js'
import { LIMITS, imageExt, type UploadMediaResult } from './payloads.js'
import type { OutMessage } from './types.js'

export interface LongConnOptions {
  heartbeatIntervalMs?: number
  reconnectIntervalMs?: number
}

/** What the outbox needs from the long connection. */
export interface LongConnSender {
  readonly connected: boolean
  /** Our message, proactively, to a group chatid or a userid (single chat). */
  send(chatid: string, message: OutMessage): Promise<void>
}

export interface LongConn extends LongConnSender {
  start(): void
  /** Resolves once the connection is authenticated. */
  ready(): Promise<void>
  stop(): Promise<void>
  sendMessage(chatid: string, body: SendMsgBody): Promise<void>
  uploadMedia(file: Buffer, options: { type: 'file' | 'image'; filename: string }): Promise<UploadMediaResult>
}

export function createLongConn(deps: Deps, dispatcher: Dispatcher, options: LongConnOptions = {}): LongConn {
  const { config, log } = deps
  if (!config.bot.id || !config.bot.secret) throw new Error('long connection needs WECOM_BOT_ID and WECOM_BOT_SECRET')
  let ws: WSClient | undefined
  let authenticated = false
  const inFlight = new Set<Promise<void>>()
  const readyWaiters: (() => void)[] = []
  const handleFrame = createFrameHandler(deps, dispatcher, () => ws)

  const track = (frame: WsFrame) => {
    const p = handleFrame(frame).finally(() => inFlight.delete(p))
    inFlight.add(p)
  }

  /** SDK failures as our typed errors: an ack with errcode → WecomApiError; no ack → WecomHttpError. */
  async function call<T>(api: string, run: (client: WSClient) => Promise<T>): Promise<T> {
    if (!ws) throw new WecomHttpError(api, undefined, new Error('long connection is not started'))
    try {
      return await run(ws)
    } catch (err) {
      const f = err as { errcode?: unknown; errmsg?: unknown }
      if (f && typeof f.errcode === 'number') throw new WecomApiError(f.errcode, String(f.errmsg ?? ''), api)
      throw new WecomHttpError(api, undefined, err instanceof Error ? new Error(err.message) : new Error(String(err)))
    }
  }

  const conn: LongConn = {
    get connected() {
      return authenticated && Boolean(ws?.isConnected)
    },
    start() {
      if (ws) return
      ws = new WSClient({
        botId: config.bot.id!,
        secret: config.bot.secret!,
        ...(config.bot.wsUrl ? { wsUrl: config.bot.wsUrl } : {}),
        heartbeatInterval: options.heartbeatIntervalMs ?? 30_000,
        reconnectInterval: options.reconnectIntervalMs ?? 1_000,
        maxReconnectAttempts: -1,
        maxAuthFailureAttempts: 5,
        logger: {
          // The SDK's debug lines carry message bodies: never written.
          debug: () => {},
          info: (m: string) => log.debug({ sdk: true }, m),
          warn: (m: string) => log.warn({ sdk: true }, m),
          error: (m: string, ...rest: unknown[]) => log.error({ sdk: true, detail: rest.map(String).join(' ') }, m),
        },
      })
      ws.on('authenticated', () => {
        authenticated = true
        log.info('long connection authenticated')
        for (const resolve of readyWaiters.splice(0)) resolve()
      })
      ws.on('disconnected', (reason: string) => {
        authenticated = false
        log.warn({ reason }, 'long connection lost')
      })
      ws.on('error', (err: Error) => log.warn({ err: { message: err.message } }, 'long connection error'))
      ws.on('message', track)
      ws.on('event', track)
      ws.connect()
    },
    ready() {
      return authenticated ? Promise.resolve() : new Promise((resolve) => readyWaiters.push(resolve))
    },
    async stop() {
      const client = ws
      ws = undefined
      authenticated = false
      await Promise.allSettled([...inFlight])
      if (client) {
        client.removeAllListeners()
        client.disconnect()
      }
    },
    async sendMessage(chatid, body) {
      const limited = body.msgtype === 'markdown' ? { ...body, markdown: { content: truncateUtf8(body.markdown.content, LIMITS.stream) } } : body
      await call('aibot_send_msg', (c) => c.sendMessage(chatid, limited))
    },
    uploadMedia(file, { type, filename }) {
      return call('aibot_upload_media', (c) => c.uploadMedia(file, { type, filename }))
    },
    async send(chatid, message) {
      switch (message.type) {
        case 'markdown':
        case 'text':
          return conn.sendMessage(chatid, { msgtype: 'markdown', markdown: { content: message.content } })
        case 'card':
          return conn.sendMessage(chatid, { msgtype: 'template_card', template_card: message.card as unknown as SdkCard })
        case 'file':
        case 'image': {
          const buf = Buffer.from(message.base64, 'base64')
          const filename = message.type === 'file' ? message.filename : `image.${imageExt(buf)}`
          const { media_id } = await conn.uploadMedia(buf, { type: message.type, filename })
          await call('aibot_send_msg', (c) => c.sendMediaMessage(chatid, message.type, media_id))
          return
        }
      }
    },
  }
  return conn
}
