// A stand-in for WeCom's side of the callback protocol (WECOM.md §1, §3, §5.4): builds signed,
// encrypted callbacks exactly as WeCom sends them, posts them over HTTP and decrypts the passive
// replies (checking their signature). Used by the callback tests, the sandbox tests and fuzzers.
//
//   const keys = generateCallbackKeys()
//   const bot = new CallbackClient({ baseUrl, format: 'json', ...keys, receiveId: '', clock })
//   const r = await bot.send(botText({ userid: 'zhangsan', chatid: 'wr-1', content: '@学习助手 /帮助' }))
//   r.status === 200; r.json<{ msgtype: string }>().msgtype === 'stream'
import { randomBytes } from 'node:crypto'
import { CallbackCrypto, signature } from '../../src/wecom/crypto.js'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const randomAlnum = (n: number): string => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('')

/** A fresh token (16 alphanumerics) and EncodingAESKey (43 alphanumerics), as the admin console makes them. */
export function generateCallbackKeys(): { token: string; aesKey: string } {
  return { token: randomAlnum(16), aesKey: randomAlnum(43) }
}

export interface CallbackClientOptions {
  /** e.g. http://127.0.0.1:3000 */
  baseUrl: string
  /** json = intelligent bot (/wecom/bot), xml = self-built app (/wecom/app) */
  format: 'json' | 'xml'
  /** default /wecom/bot (json) or /wecom/app (xml) */
  path?: string
  token: string
  aesKey: string
  /** '' for the intelligent bot, the corp id for the app */
  receiveId: string
  /** Source of callback timestamps: pass the server's FakeClock so the timestamp window holds. */
  clock?: { now(): Date }
}

export interface SignOptions {
  timestamp?: string
  nonce?: string
  /** Encrypt for a different receiveid than the client's (wrong-receiveid tests). */
  receiveId?: string
}

/** One signed callback: the query string parameters and the body, ready to post. */
export interface SignedCallback {
  query: { msg_signature: string; timestamp: string; nonce: string }
  body: string
  encrypt: string
}

export interface CallbackReply {
  status: number
  contentType: string
  /** raw response body */
  text: string
  /** the decrypted passive reply ('' when the body was empty) */
  plain: string
  /** plain parsed as JSON (intelligent-bot replies) */
  json<T = any>(): T
}

let nonceSeq = 0

export class CallbackClient {
  readonly crypto: CallbackCrypto
  readonly path: string
  constructor(readonly options: CallbackClientOptions) {
    this.crypto = new CallbackCrypto(options.token, options.aesKey, options.receiveId)
    this.path = options.path ?? (options.format === 'json' ? '/wecom/bot' : '/wecom/app')
  }

  /** A timestamp (seconds) from the client's clock, and a nonce never used before by this process. */
  fresh(): { timestamp: string; nonce: string } {
    const now = this.options.clock?.now() ?? new Date()
    return { timestamp: String(Math.floor(now.getTime() / 1000)), nonce: `${Date.now() % 1e6}${++nonceSeq}${randomBytes(2).readUInt16BE(0)}` }
  }

  /** Encrypts and signs a plaintext (JSON text for the bot, XML for the app) into a POST callback. */
  sign(plaintext: string, opts: SignOptions = {}): SignedCallback {
    const f = this.fresh()
    const timestamp = opts.timestamp ?? f.timestamp
    const nonce = opts.nonce ?? f.nonce
    const c = opts.receiveId === undefined ? this.crypto : new CallbackCrypto(this.options.token, this.options.aesKey, opts.receiveId)
    const sealed = c.seal(plaintext, timestamp, nonce)
    const body =
      this.options.format === 'json'
        ? JSON.stringify({ encrypt: sealed.encrypt })
        : `<xml><ToUserName><![CDATA[${this.options.receiveId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${sealed.encrypt}]]></Encrypt></xml>`
    return { query: { msg_signature: sealed.signature, timestamp, nonce }, body, encrypt: sealed.encrypt }
  }

  /** Signs an arbitrary (possibly broken) ciphertext string, for bad-input tests. */
  signCiphertext(encrypt: string, opts: SignOptions = {}): SignedCallback['query'] {
    const f = this.fresh()
    const timestamp = opts.timestamp ?? f.timestamp
    const nonce = opts.nonce ?? f.nonce
    return { msg_signature: signature(this.options.token, timestamp, nonce, encrypt), timestamp, nonce }
  }

  /** GET URL verification: echostr is percent-encoded like WeCom does. Returns status and body. */
  async verifyUrl(echo = `${Date.now()}${randomAlnum(6)}`, opts: SignOptions = {}): Promise<{ status: number; text: string; echo: string }> {
    const s = this.sign(echo, opts)
    const res = await fetch(this.url({ ...s.query, echostr: s.encrypt }))
    return { status: res.status, text: await res.text(), echo }
  }

  /** Builds, posts and decrypts: a message object (bot JSON) or an XML string (app). */
  async send(message: object | string, opts: SignOptions = {}): Promise<CallbackReply> {
    const plaintext = typeof message === 'string' ? message : JSON.stringify(message)
    const s = this.sign(plaintext, opts)
    const contentType = this.options.format === 'json' ? 'application/json' : 'text/xml'
    const res = await this.postRaw(s.body, { query: s.query, contentType })
    return this.reply(res, s.query.nonce)
  }

  /** Posts any body with any query (bad-input tests). */
  async postRaw(body: string | Buffer, opts: { query?: Record<string, string>; contentType?: string | null } = {}): Promise<Response> {
    const headers: Record<string, string> = {}
    if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? (this.options.format === 'json' ? 'application/json' : 'text/xml')
    return fetch(this.url(opts.query ?? {}), { method: 'POST', headers, body })
  }

  url(query: Record<string, string>): string {
    const qs = Object.entries(query)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&')
    return `${this.options.baseUrl}${this.path}${qs ? '?' + qs : ''}`
  }

  /** Reads a response: checks the reply's signature and nonce, decrypts it (receiveid checked). */
  async reply(res: Response, nonce: string): Promise<CallbackReply> {
    const text = await res.text()
    const plain = res.status === 200 && text !== '' ? this.open(text, nonce) : ''
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, plain, json: () => JSON.parse(plain) }
  }

  /** Decrypts a passive reply envelope (JSON or XML) after checking its signature and nonce. */
  open(envelope: string, expectedNonce?: string): string {
    let e: { encrypt: string; signature: string; timestamp: string; nonce: string }
    if (this.options.format === 'json') {
      const j = JSON.parse(envelope) as { encrypt: string; msgsignature: string; timestamp: number | string; nonce: string }
      e = { encrypt: j.encrypt, signature: j.msgsignature, timestamp: String(j.timestamp), nonce: j.nonce }
    } else {
      const tag = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`, 's').exec(envelope)?.[1] ?? ''
      e = { encrypt: tag('Encrypt'), signature: tag('MsgSignature'), timestamp: tag('TimeStamp'), nonce: tag('Nonce') }
    }
    if (expectedNonce !== undefined && e.nonce !== expectedNonce) throw new Error(`reply nonce ${e.nonce} is not the callback's ${expectedNonce}`)
    if (!this.crypto.verify(e.timestamp, e.nonce, e.encrypt, e.signature)) throw new Error('reply signature does not verify')
    return this.crypto.open(e.encrypt)
  }
}

let msgSeq = 0
const nextMsgid = () => `CAIQ${Date.now().toString(36)}${++msgSeq}${randomAlnum(4)}`

/** An intelligent-bot text message (§3.1). With chatid it comes from that group, else a single chat. */
export function botText(m: { userid: string; content: string; chatid?: string; msgid?: string; responseUrl?: string }) {
  return {
    msgid: m.msgid ?? nextMsgid(),
    aibotid: 'AIBOTID',
    ...(m.chatid ? { chatid: m.chatid, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: m.userid },
    response_url: m.responseUrl ?? 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=TEST',
    msgtype: 'text',
    text: { content: m.content },
  }
}

/** WeCom's stream refresh poll for a stream the bot opened (§3.4). */
export function botStreamRefresh(m: { streamId: string; userid: string; chatid?: string }) {
  return {
    msgid: nextMsgid(),
    aibotid: 'AIBOTID',
    ...(m.chatid ? { chatid: m.chatid, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: m.userid },
    msgtype: 'stream',
    stream: { id: m.streamId },
  }
}

/** A template_card_event (§3.2): a button click or a vote submit. */
export function botCardEvent(m: { userid: string; eventKey: string; taskId: string; chatid?: string; cardType?: string; selected?: Record<string, string[]>; msgid?: string }) {
  const selected = Object.entries(m.selected ?? {}).map(([question_key, ids]) => ({ question_key, option_ids: { option_id: ids } }))
  return {
    msgid: m.msgid ?? nextMsgid(),
    create_time: Math.floor(Date.now() / 1000),
    aibotid: 'AIBOTID',
    ...(m.chatid ? { chatid: m.chatid, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: m.userid },
    response_url: 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=CARD',
    msgtype: 'event',
    event: {
      eventtype: 'template_card_event',
      template_card_event: { card_type: m.cardType ?? 'button_interaction', event_key: m.eventKey, task_id: m.taskId, ...(selected.length ? { selected_items: { selected_item: selected } } : {}) },
    },
  }
}

/** A self-built app text message (decrypted XML, §1.6). MsgId is a 64-bit number as text. */
export function appText(m: { corpId: string; userid: string; content: string; msgid?: string; agentId?: number; createTime?: number }): string {
  const msgid = m.msgid ?? `45612553542513${String(++msgSeq).padStart(5, '0')}`
  return (
    `<xml><ToUserName><![CDATA[${m.corpId}]]></ToUserName>\n<FromUserName><![CDATA[${m.userid}]]></FromUserName>\n` +
    `<CreateTime>${m.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n` +
    `<Content><![CDATA[${m.content}]]></Content>\n<MsgId>${msgid}</MsgId>\n<AgentID>${m.agentId ?? 1000002}</AgentID>\n</xml>`
  )
}

/** A self-built app template_card_event (§5.4). */
export function appCardEvent(m: { corpId: string; userid: string; eventKey: string; taskId: string; cardType?: string; createTime?: number }): string {
  return (
    `<xml><ToUserName><![CDATA[${m.corpId}]]></ToUserName><FromUserName><![CDATA[${m.userid}]]></FromUserName>` +
    `<CreateTime>${m.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${m.eventKey}]]></EventKey><TaskId><![CDATA[${m.taskId}]]></TaskId>` +
    `<CardType><![CDATA[${m.cardType ?? 'button_interaction'}]]></CardType><ResponseCode><![CDATA[RC${++msgSeq}]]></ResponseCode><AgentID>1000002</AgentID></xml>`
  )
}
