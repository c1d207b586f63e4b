// A callback route in two halves. The protocol half speaks WeCom's callback protocol: the signed
// query, the timestamp window, the nonce replay cache, decryption, and the encrypted answer. The
// application half turns a decrypted callback into the plaintext reply. On one thread they run one
// after the other; with the bot on its own thread (src/threads/bot-thread.ts) the protocol half
// runs on the HTTP thread and only the plaintext crosses to the bot and back.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock.js'
import { ProtocolError } from '../errors.js'
import type { Logger } from '../log.js'
import { CallbackCrypto } from '../wecom/crypto.js'
import {
  MAX_BODY_BYTES, NonceCache, failureAnswer, nonceTtlMs, readBody, sendAnswer, signedQuery, verifyAndOpen,
  type CallbackAnswer, type CallbackRequest, type Verifier,
} from './callback-common.js'

/** A POST's decrypted plaintext and the nonce its answer is sealed with. */
export interface Opened {
  plain: string
  nonce: string
}

export interface CallbackProtocol {
  path: string
  /** Names the route in logs ('bot', 'app'). */
  route: string
  /** URL verification (GET): the decrypted echostr. */
  verify(req: CallbackRequest): CallbackAnswer
  /** A POST: checks and decrypts it (ProtocolError when refused). */
  open(req: CallbackRequest): Opened
  /** The answer to a POST: `reply` (plaintext) encrypted, or an empty 200. */
  seal(opened: Opened, reply: string | undefined): CallbackAnswer
}

/**
 * The application half: a decrypted callback → its plaintext reply (undefined: an empty 200).
 * Throws ProtocolError for a message it cannot read, TransientError when the database is away.
 */
export type CallbackApp = (plain: string, req: { ip?: string }) => Promise<string | undefined>

/** The signature checks and decryption of one route's keys (receiveid '' for the bot, the corp id for the app). */
export function verifierFor(keys: { token: string; aesKey: string; receiveId: string }, clock: Clock, maxSkewSeconds: number): Verifier {
  return {
    crypto: new CallbackCrypto(keys.token, keys.aesKey, keys.receiveId),
    clock,
    maxSkewSeconds,
    nonces: new NonceCache(nonceTtlMs(maxSkewSeconds)),
  }
}

/** GET: URL verification, the same for both routes. */
export function verifyUrl(v: Verifier, req: CallbackRequest): CallbackAnswer {
  const q = signedQuery(req.url)
  if (!q.echostr) throw new ProtocolError(400, 'missing echostr')
  return { status: 200, type: 'text/plain', body: verifyAndOpen(v, q, q.echostr) }
}

/** A reply encrypted and signed for the callback's nonce, timestamped now. */
export function sealReply(v: Verifier, reply: string, nonce: string): { encrypt: string; signature: string; timestamp: string; nonce: string } {
  const timestamp = String(Math.floor(v.clock.now().getTime() / 1000))
  return { ...v.crypto.seal(reply, timestamp, nonce), timestamp, nonce }
}

/** A callback path: its protocol half and the application half it hands decrypted callbacks to. */
export interface CallbackRoute {
  protocol: CallbackProtocol
  app: CallbackApp
}

/**
 * The callback routes as a plain Node request listener, the same on one thread (mounted on the
 * app's express) and on the HTTP thread (src/http/front.ts, no express, the application half a
 * hand-over to the bot's thread). GET verifies the URL; POST reads the body, opens the callback,
 * runs the application half and seals its reply. Returns false for any other request (the caller
 * answers it).
 */
export function callbackListener(routes: readonly CallbackRoute[], log: Logger): (req: IncomingMessage, res: ServerResponse) => boolean {
  const byPath = new Map(routes.map((r) => [r.protocol.path, r]))
  return (req, res) => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const route = byPath.get(q < 0 ? url : url.slice(0, q))
    const method = req.method === 'GET' || req.method === 'HEAD' ? 'GET' : req.method === 'POST' ? 'POST' : undefined
    if (route === undefined || method === undefined) return false
    const { protocol, app } = route
    const request: CallbackRequest = { url, contentType: req.headers['content-type'], ip: req.socket.remoteAddress }
    const answer = async (): Promise<CallbackAnswer> => {
      try {
        if (method === 'GET') return protocol.verify(request)
        request.body = await readBody(req, MAX_BODY_BYTES)
        const opened = protocol.open(request)
        return protocol.seal(opened, await app(opened.plain, { ip: request.ip }))
      } catch (err) {
        return failureAnswer(log, protocol.route, request, err)
      }
    }
    void answer().then((a) => sendAnswer(res, a))
    return true
  }
}
