// What both callback routes (/wecom/bot JSON, /wecom/app XML) share: the signed query, the
// timestamp window, the nonce replay cache, the raw body reader with its size limit, and the one
// place a refused request is answered (4xx, empty body) and logged once at warn, without the body.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock.js'
import { TransientError, isTransient } from '../bot/transient.js'
import { ProtocolError } from '../errors.js'
import type { Logger } from '../log.js'
import { CryptoError, type CallbackCrypto } from '../wecom/crypto.js'

/** A callback request as the routes' protocol half sees it (callback-protocol.ts). */
export interface CallbackRequest {
  /** The original URL with its query string (the signature's parameters). */
  url: string
  contentType?: string
  /** The peer's address (logged when a request is refused). */
  ip?: string
  /** The raw body (POST). */
  body?: Uint8Array
}

/** The answer to send: status, and a body with its media type (none: empty). */
export interface CallbackAnswer {
  status: number
  type?: string
  body?: string
}

/** A failure the bot's thread already answered and logged: only its status crosses back. */
export class AnsweredElsewhere extends Error {
  constructor(readonly status: number) {
    super(`answered ${status} by the bot's thread`)
  }
}

/** Largest callback body accepted (WeCom bodies are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024

export interface SignedQuery {
  signature: string
  timestamp: string
  nonce: string
  echostr?: string
}

/**
 * Reads the query from the raw URL. Percent-decoding only: '+' stays '+' (echostr is base64 and
 * WeCom percent-encodes it; a parser that maps '+' to space would break it). Repeated or
 * undecodable parameters are refused.
 */
export function signedQuery(url: string): SignedQuery {
  const raw = url.split('?')[1] ?? ''
  const params = new Map<string, string>()
  for (const part of raw.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = eq < 0 ? part : part.slice(0, eq)
    let value: string
    try {
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1))
    } catch {
      throw new ProtocolError(400, 'bad query encoding')
    }
    if (params.has(name)) throw new ProtocolError(400, 'repeated query parameter')
    params.set(name, value)
  }
  // The official plugin also tolerates msgsignature / signature.
  const signature = params.get('msg_signature') ?? params.get('msgsignature') ?? params.get('signature') ?? ''
  const timestamp = params.get('timestamp') ?? ''
  const nonce = params.get('nonce') ?? ''
  if (!/^[0-9a-fA-F]{40}$/.test(signature)) throw new ProtocolError(400, 'missing or malformed msg_signature')
  if (!/^\d{1,12}$/.test(timestamp)) throw new ProtocolError(400, 'missing or malformed timestamp')
  if (!/^[\w-]{1,64}$/.test(nonce)) throw new ProtocolError(400, 'missing or malformed nonce')
  const echostr = params.get('echostr')
  return { signature, timestamp, nonce, echostr: echostr?.replace(/ /g, '+') }
}

/** Remembers nonces of accepted callbacks for a while; a second use is a replay. Bounded in size. */
export class NonceCache {
  private readonly seen = new Map<string, number>()
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}
  /** Records the nonce; false when it was already seen within the window. */
  remember(nonce: string, nowMs: number): boolean {
    for (const [n, expires] of this.seen) {
      if (expires > nowMs && this.seen.size < this.maxEntries) break
      this.seen.delete(n)
    }
    const prev = this.seen.get(nonce)
    if (prev !== undefined && prev > nowMs) return false
    this.seen.delete(nonce)
    this.seen.set(nonce, nowMs + this.ttlMs)
    return true
  }
}

/** Replays are possible only while a timestamp is inside ±window, so twice the window suffices. */
export const nonceTtlMs = (maxSkewSeconds: number): number => (maxSkewSeconds > 0 ? 2 * maxSkewSeconds : 7200) * 1000

export interface Verifier {
  crypto: CallbackCrypto
  clock: Clock
  maxSkewSeconds: number
  nonces: NonceCache
}

/** Signature (timing-safe), timestamp window, decryption with the receiveid check, nonce replay. */
export function verifyAndOpen(v: Verifier, q: SignedQuery, encrypted: string): string {
  if (encrypted.length === 0 || encrypted.length > MAX_BODY_BYTES) throw new ProtocolError(400, 'empty or oversized ciphertext')
  if (!v.crypto.verify(q.timestamp, q.nonce, encrypted, q.signature)) throw new ProtocolError(401, 'bad signature')
  const nowMs = v.clock.now().getTime()
  if (v.maxSkewSeconds > 0 && Math.abs(nowMs / 1000 - Number(q.timestamp)) > v.maxSkewSeconds) {
    throw new ProtocolError(403, 'timestamp outside the allowed window')
  }
  let message: string
  try {
    message = v.crypto.open(encrypted)
  } catch (err) {
    if (err instanceof CryptoError) throw new ProtocolError(err.code === -40005 ? 403 : 400, `decrypt failed (${err.code})`)
    throw err
  }
  if (!v.nonces.remember(q.nonce, nowMs)) throw new ProtocolError(403, 'replayed nonce')
  return message
}

/** Background work a callback started after answering (slow commands); idle() waits for all of it. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>()
  add(work: Promise<unknown>): void {
    const p = work.catch(() => {}).finally(() => this.running.delete(p))
    this.running.add(p)
  }
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running])
  }
}

/**
 * Waits for `work` at most `ms`. A failure within the budget is thrown; after it, the work keeps
 * running and its outcome belongs to whoever holds `work` (no unhandled rejection here).
 */
export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms)
  })
  const settled = work.then(
    (value) => ({ done: true as const, value }),
    (error: unknown) => ({ done: true as const, error }),
  )
  try {
    const r = await Promise.race([settled, late])
    if (r.done && 'error' in r) throw r.error
    return r.done ? { done: true, value: r.value } : r
  } finally {
    clearTimeout(timer)
  }
}

export function bodyText(body: Uint8Array | undefined): string {
  if (!body || body.length === 0) throw new ProtocolError(400, 'empty body')
  const text = Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8')
  if (text.includes('\uFFFD')) throw new ProtocolError(400, 'body is not UTF-8')
  return text
}

/** Refuses a content type outside `allowed` (media types; a missing header is accepted). */
export function checkContentType(header: string | undefined, allowed: string[]): void {
  if (header === undefined || header === '') return
  const type = header.split(';')[0]!.trim().toLowerCase()
  if (!allowed.includes(type)) throw new ProtocolError(415, 'unsupported content type')
}

/** The one answer for a failed callback: 4xx empty (refused), 503 (retry later), 500 (bug). */
export function failureAnswer(log: Logger, route: string, req: CallbackRequest, err: unknown): CallbackAnswer {
  if (err instanceof AnsweredElsewhere) return { status: err.status }
  if (err instanceof ProtocolError) {
    log.warn({ route, status: err.status, reason: err.reason, ip: req.ip }, 'callback refused')
    return { status: err.status }
  }
  if (err instanceof TransientError || isTransient(err)) {
    log.warn({ route, reason: err instanceof Error ? err.message : String(err) }, 'callback deferred: database unavailable')
    return { status: 503 }
  }
  log.error({ route, err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) }, 'callback failed')
  return { status: 500 }
}

/**
 * Reads a request body of at most `limit` bytes, as it came (a compressed body is refused, 415).
 * Too large → 413 (by Content-Length before reading, or as it arrives); cut short, or not the
 * length announced → 400.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase()
    if (encoding !== 'identity') return reject(new ProtocolError(415, 'body rejected: encoding.unsupported'))
    const announced = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length'])
    if (announced !== undefined && announced > limit) {
      req.resume()
      return reject(new ProtocolError(413, 'body rejected: entity.too.large'))
    }
    const chunks: Buffer[] = []
    let received = 0
    const done = (err?: ProtocolError) => {
      req.off('data', onData).off('end', onEnd).off('aborted', onAborted).off('error', onAborted)
      if (err) {
        req.resume()
        reject(err)
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received))
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > limit) done(new ProtocolError(413, 'body rejected: entity.too.large'))
      else chunks.push(chunk)
    }
    const onEnd = () => done(announced !== undefined && received !== announced ? new ProtocolError(400, 'body rejected: request.size.invalid') : undefined)
    const onAborted = () => done(new ProtocolError(400, 'body rejected: request.aborted'))
    req.on('data', onData).on('end', onEnd).on('aborted', onAborted).on('error', onAborted)
  })
}

export function sendAnswer(res: ServerResponse, answer: CallbackAnswer): void {
  if (res.headersSent || res.destroyed) return
  if (answer.body === undefined) return void res.writeHead(answer.status).end()
  res.writeHead(answer.status, { 'content-type': `${answer.type ?? 'text/plain'}; charset=utf-8`, 'content-length': Buffer.byteLength(answer.body) })
  res.end(answer.body)
}
