// A callback route in two halves. The protocol half speaks WeCom's callback protocol: the signed
// query, the timestamp window, the nonce replay cache, decryption, and the encrypted answer. The
// application half turns a decrypted callback into the plaintext reply. On one thread they run one
// after the other; with the bot on its own thread (src/threads/bot-thread.ts) the protocol half
// runs on the HTTP thread and only the plaintext crosses to the bot and back.
import type { Clock } from '../clock.js'
import { ProtocolError } from '../errors.js'
import type { Logger } from '../log.js'
import { CallbackCrypto } from '../wecom/crypto.js'
import {
  NonceCache, failureAnswer, nonceTtlMs, signedQuery, verifyAndOpen, type CallbackAnswer, type CallbackRequest, type Verifier,
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

/** The whole route: GET verifies, POST opens, runs the application half and seals its reply. */
export async function serveCallback(protocol: CallbackProtocol, app: CallbackApp, log: Logger, method: 'GET' | 'POST', req: CallbackRequest): Promise<CallbackAnswer> {
  try {
    if (method === 'GET') return protocol.verify(req)
    const opened = protocol.open(req)
    return protocol.seal(opened, await app(opened.plain, { ip: req.ip }))
  } catch (err) {
    return failureAnswer(log, protocol.route, req, err)
  }
}
