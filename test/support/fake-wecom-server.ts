// A stand-in for WeCom's REST endpoints on 127.0.0.1:<random port>: group-robot webhook send and
// upload_media, gettoken, message/send, message/update_template_card, media/upload and the bot's
// response_url. It records every call and can be told to fail the next calls in WeCom's ways.
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express, { type Request, type Response } from 'express'

export type FakeApi =
  | 'webhook/send'
  | 'webhook/upload_media'
  | 'gettoken'
  | 'message/send'
  | 'message/update_template_card'
  | 'media/upload'
  | 'aibot/response'

export interface UploadedPart {
  name: string
  filename?: string
  filelength?: number
  bytes: Buffer
}

export interface FakeCall {
  api: FakeApi
  query: Record<string, string>
  /** parsed JSON body (send APIs) */
  body?: any
  /** the multipart part (upload APIs) */
  file?: UploadedPart
  /** what the fake answered: 'ok', an errcode, 'http 500', 'timeout', 'lost' or 'abandoned' (see delayMs) */
  outcome: string
}

/** How to fail: a WeCom errcode, an HTTP status, no answer at all, or a dropped connection after the work was done. */
export type Failure = { errcode: number; errmsg?: string } | { http: number } | { timeout: true } | { lost: true } | { body: string }

const ROUTES: Record<string, FakeApi> = {
  '/cgi-bin/webhook/send': 'webhook/send',
  '/cgi-bin/webhook/upload_media': 'webhook/upload_media',
  '/cgi-bin/gettoken': 'gettoken',
  '/cgi-bin/message/send': 'message/send',
  '/cgi-bin/message/update_template_card': 'message/update_template_card',
  '/cgi-bin/media/upload': 'media/upload',
  '/cgi-bin/aibot/response': 'aibot/response',
}

export class FakeWecomServer {
  readonly calls: FakeCall[] = []
  /** webhook keys that answer 93000 (robot removed / wrong key) */
  readonly invalidKeys = new Set<string>()
  corpId = 'ww-test-corp'
  secret = 'app-secret-123456'
  tokenTtlSeconds = 7200
  /**
   * A slow WeCom: every request waits this long (real ms) before WeCom acts on it. A request whose
   * connection closes meanwhile (the sender died) is recorded with outcome 'abandoned' and has no effect.
   */
  delayMs = 0
  private failures: { api?: FakeApi; left: number; failure: Failure }[] = []
  private tokenSeq = 0
  private validTokens = new Set<string>()
  private expiredTokens = new Set<string>()
  private mediaSeq = 0
  private usedResponseCodes = new Set<string>()
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<FakeWecomServer> {
    const app = express()
    let self!: FakeWecomServer
    app.use(express.raw({ type: () => true, limit: '30mb' }))
    app.all(/.*/, (req, res) => self.handle(req, res))
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    self = new FakeWecomServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    return self
  }

  /** The next `times` calls (to `api`, or to any API) fail this way. */
  failNext(times: number, failure: Failure, api?: FakeApi): void {
    this.failures.push({ api, left: times, failure })
  }

  callsTo(api: FakeApi): FakeCall[] {
    return this.calls.filter((c) => c.api === api)
  }

  /** Successful sends only (what a user would have seen). */
  delivered(api: FakeApi = 'webhook/send'): FakeCall[] {
    return this.calls.filter((c) => c.api === api && (c.outcome === 'ok' || c.outcome === 'lost'))
  }

  /** WeCom revokes every token it issued (next use: 40014). */
  revokeTokens(): void {
    this.validTokens.clear()
  }

  /** Every token issued so far has expired (next use: 42001). */
  expireTokens(): void {
    for (const t of this.validTokens) this.expiredTokens.add(t)
    this.validTokens.clear()
  }

  responseUrl(code = 'rc-' + Math.random().toString(36).slice(2)): string {
    return `${this.url}/cgi-bin/aibot/response?response_code=${code}`
  }

  reset(): void {
    this.calls.length = 0
    this.failures = []
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private takeFailure(api: FakeApi): Failure | undefined {
    const f = this.failures.find((x) => x.left > 0 && (!x.api || x.api === api))
    if (!f) return undefined
    f.left--
    return f.failure
  }

  private handle(req: Request, res: Response): void {
    if (this.delayMs <= 0) return this.respond(req, res)
    let gone = false
    const onClose = () => (gone = true)
    req.socket.once('close', onClose)
    setTimeout(() => {
      req.socket.off('close', onClose)
      const api = ROUTES[req.path]
      if (api && (gone || req.socket.destroyed)) {
        this.calls.push({ api, query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])), outcome: 'abandoned' })
        return
      }
      this.respond(req, res)
    }, this.delayMs)
  }

  private respond(req: Request, res: Response): void {
    const api = ROUTES[req.path]
    if (!api) {
      res.status(404).send('not found')
      return
    }
    const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)]))
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
    const call: FakeCall = { api, query, outcome: 'ok' }
    const contentType = String(req.headers['content-type'] ?? '')
    if (contentType.startsWith('multipart/form-data')) call.file = parseMultipart(raw, contentType)
    else if (raw.length) {
      try {
        call.body = JSON.parse(raw.toString('utf8'))
      } catch {
        call.body = raw.toString('utf8')
      }
    }
    this.calls.push(call)
    const failure = this.takeFailure(api)
    if (failure && 'timeout' in failure) {
      call.outcome = 'timeout' // never answered; the socket is closed by close()
      return
    }
    if (failure && 'http' in failure) {
      call.outcome = `http ${failure.http}`
      res.status(failure.http).send('<html>server error</html>')
      return
    }
    if (failure && 'body' in failure) {
      call.outcome = 'bad body'
      res.status(200).type('text/html').send(failure.body)
      return
    }
    if (failure && 'errcode' in failure) {
      call.outcome = String(failure.errcode)
      res.json({ errcode: failure.errcode, errmsg: failure.errmsg ?? `fake error ${failure.errcode}` })
      return
    }
    const answer = this.answer(api, call)
    call.outcome = answer.errcode === 0 ? 'ok' : String(answer.errcode)
    if (failure && 'lost' in failure && answer.errcode === 0) {
      call.outcome = 'lost' // the work is done, the answer never arrives
      req.socket.destroy()
      return
    }
    res.json(answer)
  }

  private answer(api: FakeApi, call: FakeCall): { errcode: number; errmsg: string; [k: string]: unknown } {
    const ok = { errcode: 0, errmsg: 'ok' }
    switch (api) {
      case 'webhook/send':
      case 'webhook/upload_media': {
        const key = call.query.key
        if (!key || this.invalidKeys.has(key)) return { errcode: 93000, errmsg: 'invalid webhook url, hint: [fake]' }
        if (api === 'webhook/send') return ok
        return { ...ok, type: call.query.type, media_id: `media-${++this.mediaSeq}`, created_at: '1700000000' }
      }
      case 'gettoken': {
        if (call.query.corpid !== this.corpId) return { errcode: 40013, errmsg: 'invalid corpid' }
        if (call.query.corpsecret !== this.secret) return { errcode: 40001, errmsg: 'invalid credential' }
        const token = `token-${++this.tokenSeq}`
        this.validTokens.add(token)
        return { ...ok, access_token: token, expires_in: this.tokenTtlSeconds }
      }
      case 'aibot/response': {
        const code = call.query.response_code ?? ''
        if (this.usedResponseCodes.has(code)) return { errcode: 40035, errmsg: 'response_code already used' }
        this.usedResponseCodes.add(code)
        return ok
      }
      default: {
        const token = call.query.access_token
        if (!token) return { errcode: 41001, errmsg: 'access_token missing' }
        if (this.expiredTokens.has(token)) return { errcode: 42001, errmsg: 'access_token expired' }
        if (!this.validTokens.has(token)) return { errcode: 40014, errmsg: 'invalid access_token' }
        if (api === 'media/upload') return { ...ok, type: call.query.type, media_id: `app-media-${++this.mediaSeq}`, created_at: '1700000000' }
        if (api === 'message/send') return { ...ok, invaliduser: '', msgid: `msg-${this.calls.length}` }
        return { ...ok, invaliduser: [] }
      }
    }
  }
}

/** Reads the first part of a multipart body (enough for WeCom's one-part uploads). */
export function parseMultipart(raw: Buffer, contentType: string): UploadedPart | undefined {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2]
  if (!boundary) return undefined
  const start = raw.indexOf(`--${boundary}\r\n`)
  const headerEnd = raw.indexOf('\r\n\r\n', start)
  const end = raw.indexOf(`\r\n--${boundary}`, headerEnd)
  if (start < 0 || headerEnd < 0 || end < 0) return undefined
  const headers = raw.subarray(start, headerEnd).toString('utf8')
  const disposition = /Content-Disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? ''
  const field = (name: string) => new RegExp(`(?:^|[;\\s])${name}="?([^";]*)"?`).exec(disposition)?.[1]
  const filelength = field('filelength')
  return {
    name: field('name') ?? '',
    filename: field('filename'),
    filelength: filelength === undefined ? undefined : Number(filelength),
    bytes: raw.subarray(headerEnd + 4, end),
  }
}
