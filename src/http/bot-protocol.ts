// /wecom/bot's protocol half (WECOM.md §1.5–1.7, §3.3): a JSON {"encrypt"} body, receiveid '',
// and the passive reply as a JSON envelope.
import type { Clock } from '../clock.js'
import { ProtocolError } from '../errors.js'
import { bodyText, checkContentType, signedQuery, verifyAndOpen } from './callback-common.js'
import { sealReply, verifierFor, verifyUrl, type CallbackProtocol } from './callback-protocol.js'

export const BOT_PATH = '/wecom/bot'

export function botProtocol(keys: { token: string; aesKey: string }, clock: Clock, maxSkewSeconds: number): CallbackProtocol {
  const v = verifierFor({ ...keys, receiveId: '' }, clock, maxSkewSeconds)
  return {
    path: BOT_PATH,
    route: 'bot',
    verify: (req) => verifyUrl(v, req),
    open(req) {
      const q = signedQuery(req.url)
      checkContentType(req.contentType, ['application/json', 'text/plain'])
      return { plain: verifyAndOpen(v, q, envelope(bodyText(req.body))), nonce: q.nonce }
    },
    seal(opened, reply) {
      if (reply === undefined) return { status: 200 }
      const s = sealReply(v, reply, opened.nonce)
      return { status: 200, type: 'text/plain', body: JSON.stringify({ encrypt: s.encrypt, msgsignature: s.signature, timestamp: Number(s.timestamp), nonce: s.nonce }) }
    },
  }
}

/** The POST body: {"encrypt": "..."} (the official plugin also accepts "Encrypt"). */
function envelope(text: string): string {
  const body = parseJson(text)
  const b = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined
  const enc = b?.encrypt ?? b?.Encrypt
  if (typeof enc !== 'string' || enc === '') throw new ProtocolError(400, 'no encrypt field')
  return enc
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ProtocolError(400, 'malformed JSON')
  }
}
