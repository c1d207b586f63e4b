// A stand-in for WeCom's long connection (WECOM.md §3.5) on ws://127.0.0.1:<random port>.
// It acks aibot_subscribe and ping with the same req_id, pushes aibot_msg_callback /
// aibot_event_callback frames, and records (and acks) everything the bot sends.
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface WsFrame {
  cmd?: string
  headers: { req_id: string }
  body?: any
  errcode?: number
  errmsg?: string
}

type Waiter = { match: (f: WsFrame) => boolean; resolve: (f: WsFrame) => void }

export class FakeLongConnServer {
  /** Every frame the bot sent, in order (subscribe, pings, replies, sends). */
  readonly frames: WsFrame[] = []
  private waiters: Waiter[] = []
  private ackFailures: { cmd: string; left: number; errcode: number; errmsg: string }[] = []
  private socket?: WebSocket
  private uploads = new Map<string, string>()
  private seq = 0

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
    /** the bot_id/secret pair this fake accepts (anything else: errcode 40001) */
    readonly credentials: { botId: string; secret: string },
  ) {
    wss.on('connection', (ws) => {
      this.socket = ws
      ws.on('message', (data) => this.onFrame(ws, JSON.parse(data.toString()) as WsFrame))
    })
  }

  static async start(credentials = { botId: 'bot-test', secret: 'bot-secret-123456' }): Promise<FakeLongConnServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    return new FakeLongConnServer(wss, `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, credentials)
  }

  /** Frames the bot sent with this cmd. */
  sent(cmd: string): WsFrame[] {
    return this.frames.filter((f) => f.cmd === cmd)
  }

  /** Resolves with the first frame (already received or still to come) that matches. */
  waitFor(cmd: string, match: (f: WsFrame) => boolean = () => true): Promise<WsFrame> {
    const m = (f: WsFrame) => f.cmd === cmd && match(f)
    const seen = this.frames.find(m)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve) => this.waiters.push({ match: m, resolve }))
  }

  /** Resolves once the bot has subscribed with the right credentials. */
  authenticated(): Promise<WsFrame> {
    return this.waitFor('aibot_subscribe', (f) => f.body?.bot_id === this.credentials.botId && f.body?.secret === this.credentials.secret)
  }

  /** The next `times` frames with this cmd are acked with an errcode (e.g. 93006, 846605). */
  failNextAck(cmd: string, errcode: number, errmsg = `fake error ${errcode}`, times = 1): void {
    this.ackFailures.push({ cmd, left: times, errcode, errmsg })
  }

  /** Pushes a message callback; returns its req_id (replies must reuse it). */
  pushMessage(body: Record<string, unknown>, reqId = `cb_${++this.seq}`): string {
    return this.push('aibot_msg_callback', body, reqId)
  }

  pushEvent(body: Record<string, unknown>, reqId = `ev_${++this.seq}`): string {
    return this.push('aibot_event_callback', body, reqId)
  }

  /** A text message in a group, as WeCom sends it (the @mention included). */
  static groupText(chatid: string, userid: string, content: string, msgid = `m-${Math.random().toString(36).slice(2)}`) {
    return { msgid, aibotid: 'bot-test', chatid, chattype: 'group', from: { userid }, msgtype: 'text', text: { content }, create_time: 1764000000 }
  }

  static singleText(userid: string, content: string, msgid = `m-${Math.random().toString(36).slice(2)}`) {
    return { msgid, aibotid: 'bot-test', chattype: 'single', from: { userid }, msgtype: 'text', text: { content }, create_time: 1764000000 }
  }

  /** Drops the connection (the SDK will try to reconnect). */
  dropConnection(): void {
    this.socket?.terminate()
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
  }

  private push(cmd: string, body: Record<string, unknown>, reqId: string): string {
    if (!this.socket) throw new Error('no bot connected')
    this.socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }))
    return reqId
  }

  private onFrame(ws: WebSocket, frame: WsFrame): void {
    this.frames.push(frame)
    const reqId = frame.headers?.req_id ?? ''
    let ack: { errcode: number; errmsg: string; body?: unknown } = { errcode: 0, errmsg: 'ok' }
    if (frame.cmd === 'aibot_subscribe') {
      const { botId, secret } = this.credentials
      if (frame.body?.bot_id !== botId || frame.body?.secret !== secret) ack = { errcode: 40001, errmsg: 'invalid bot_id or secret' }
    } else if (frame.cmd) {
      const fail = this.ackFailures.find((f) => f.cmd === frame.cmd && f.left > 0)
      if (fail) {
        fail.left--
        ack = { errcode: fail.errcode, errmsg: fail.errmsg }
      } else if (frame.cmd === 'aibot_upload_media_init') {
        const uploadId = `upload-${++this.seq}`
        this.uploads.set(uploadId, String(frame.body?.type ?? 'file'))
        ack.body = { upload_id: uploadId }
      } else if (frame.cmd === 'aibot_upload_media_finish') {
        ack.body = { type: this.uploads.get(frame.body?.upload_id) ?? 'file', media_id: `ws-media-${++this.seq}`, created_at: 1764000000 }
      }
    }
    ws.send(JSON.stringify({ headers: { req_id: reqId }, ...ack }))
    for (const w of [...this.waiters]) {
      if (w.match(frame)) {
        this.waiters.splice(this.waiters.indexOf(w), 1)
        w.resolve(frame)
      }
    }
  }
}
