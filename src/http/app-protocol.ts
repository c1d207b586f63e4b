// /wecom/app's protocol half (WECOM.md §1.5–1.7, §5.4): an XML <Encrypt> body, receiveid = corp id,
// and the passive reply as an encrypted XML envelope.
import type { Clock } from '../clock.js'
import { ProtocolError } from '../errors.js'
import { encryptedEnvelope, parseSafeXml } from './app-xml.js'
import { bodyText, checkContentType, signedQuery, verifyAndOpen } from './callback-common.js'
import { sealReply, verifierFor, verifyUrl, type CallbackProtocol } from './callback-protocol.js'

export const APP_PATH = '/wecom/app'

export function appProtocol(keys: { token: string; aesKey: string; corpId: string }, clock: Clock, maxSkewSeconds: number): CallbackProtocol {
  const v = verifierFor({ token: keys.token, aesKey: keys.aesKey, receiveId: keys.corpId }, clock, maxSkewSeconds)
  return {
    path: APP_PATH,
    route: 'app',
    verify: (req) => verifyUrl(v, req),
    open(req) {
      const q = signedQuery(req.url)
      checkContentType(req.contentType, ['text/xml', 'application/xml', 'text/plain'])
      const envelope = parseSafeXml(bodyText(req.body))
      const encrypted = (envelope.xml as Record<string, unknown> | undefined)?.Encrypt
      if (typeof encrypted !== 'string' || encrypted === '') throw new ProtocolError(400, 'no Encrypt element')
      return { plain: verifyAndOpen(v, q, encrypted), nonce: q.nonce }
    },
    seal(opened, reply) {
      if (reply === undefined) return { status: 200 }
      return { status: 200, type: 'application/xml', body: encryptedEnvelope(sealReply(v, reply, opened.nonce)) }
    },
  }
}
