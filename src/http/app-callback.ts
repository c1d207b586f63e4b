// GET|POST /wecom/app — the self-built app's XML callbacks (admins' private chat with the app;
// WECOM.md §1.5–1.7, §5.4). receiveid = corpid. The first text reply goes back as an encrypted
// passive XML reply; a card click may be answered with update_template_card; everything else,
// and everything from a command slower than the budget, goes to the user through the outbox.
import type { DispatchResult, Dispatcher } from '../bot/dispatch.js'
import type { Incoming } from '../bot/incoming.js'
import type { Deps } from '../deps.js'
import { ProtocolError } from '../errors.js'
import { toUser } from '../outbox/outbox.js'
import { CallbackCrypto } from '../wecom/crypto.js'
import { decodeAppMessage } from '../wecom/decode.js'
import { encryptedEnvelope, markdownToText, parseSafeXml, splitUtf8Lines, textReplyXml, updateCardXml } from './app-xml.js'
import { spillToOutbox, type Spill } from './bot-reply.js'
import {
  InFlight, NonceCache, bodyText, checkContentType, nonceTtlMs, signedQuery, verifyAndOpen, withinBudget,
  type CallbackHandler, type CallbackRequest, type Verifier,
} from './callback-common.js'

export const APP_PATH = '/wecom/app'

export interface AppCallbackOptions {
  replyBudgetMs: number
  inFlight: InFlight
}

/** True when the self-built app callback can be served (corp id, token and key configured). */
export const appCallbackConfigured = (deps: Pick<Deps, 'config'>): boolean =>
  Boolean(deps.config.app.corpId && deps.config.app.token && deps.config.app.aesKey)

export function appCallback(deps: Deps, dispatcher: Dispatcher, options: AppCallbackOptions): CallbackHandler {
  const { corpId, token, aesKey } = deps.config.app
  if (!corpId || !token || !aesKey) throw new Error('WECOM_CORP_ID, WECOM_APP_TOKEN and WECOM_APP_AES_KEY are required for /wecom/app')
  const v: Verifier = {
    crypto: new CallbackCrypto(token, aesKey, corpId),
    clock: deps.clock,
    maxSkewSeconds: deps.config.maxSkewSeconds,
    nonces: new NonceCache(nonceTtlMs(deps.config.maxSkewSeconds)),
  }

  const handler: CallbackHandler = {
    path: APP_PATH,
    route: 'app',
    get(req: CallbackRequest) {
      const q = signedQuery(req.url)
      if (!q.echostr) throw new ProtocolError(400, 'missing echostr')
      return { status: 200, type: 'text/plain', body: verifyAndOpen(v, q, q.echostr) }
    },
    async post(req: CallbackRequest) {
      const q = signedQuery(req.url)
      checkContentType(req.contentType, ['text/xml', 'application/xml', 'text/plain'])
      const envelope = parseSafeXml(bodyText(req.body))
      const encrypted = (envelope.xml as Record<string, unknown> | undefined)?.Encrypt
      if (typeof encrypted !== 'string' || encrypted === '') throw new ProtocolError(400, 'no Encrypt element')
      const plain = verifyAndOpen(v, q, encrypted)
      const incoming = decodeAppMessage(parseSafeXml(plain), { raw: plain })
      if (!incoming) throw new ProtocolError(400, 'not an app callback')
      const reply = await answer(incoming)
      if (!reply) return { status: 200 }
      const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000))
      const sealed = v.crypto.seal(reply, timestamp, q.nonce)
      return { status: 200, type: 'application/xml', body: encryptedEnvelope({ encrypt: sealed.encrypt, signature: sealed.signature, timestamp, nonce: q.nonce }) }
    },
  }

  /** Plaintext XML of the passive reply, or undefined for an empty 200. */
  async function answer(incoming: Incoming): Promise<string | undefined> {
    const work = dispatcher.handle(incoming)
    const r = await withinBudget(work, options.replyBudgetMs)
    if (!r.done) {
      // Too slow for the 5-second callback: answer empty now, send the result privately later.
      options.inFlight.add(
        work.then(
          (result) => deliverLater(incoming, result),
          (err: unknown) => deps.log.error({ msgid: incoming.msgid, err: err instanceof Error ? err.message : String(err) }, 'slow app command failed'),
        ),
      )
      return undefined
    }
    const spill: Spill[] = r.value.messages.map((message, index) => ({ index, message }))
    const createTime = String(Math.floor(deps.clock.now().getTime() / 1000))
    const head = { to: incoming.userid, from: corpId!, createTime }
    if (incoming.kind === 'card_event') {
      await spillToOutbox(deps, incoming, spill, toUser(incoming.userid))
      return r.value.update ? updateCardXml({ ...head, card: r.value.update.card }) : undefined
    }
    const first = spill[0]
    if (first && (first.message.type === 'markdown' || first.message.type === 'text')) {
      // The passive reply carries the first 2048 bytes; the rest of a long text follows by outbox.
      const [passive, ...more] = splitUtf8Lines(markdownToText(first.message.content))
      const rest: Spill[] = more.map((content, k) => ({ index: `0.${k + 1}`, message: { type: 'text', content } }))
      await spillToOutbox(deps, incoming, [...rest, ...spill.slice(1)], toUser(incoming.userid))
      return textReplyXml({ ...head, content: passive ?? '' })
    }
    await spillToOutbox(deps, incoming, spill, toUser(incoming.userid))
    return undefined
  }

  async function deliverLater(incoming: Incoming, result: DispatchResult): Promise<void> {
    if (result.update) deps.log.warn({ msgid: incoming.msgid }, 'card update came too late for the app callback; dropped')
    await spillToOutbox(deps, incoming, result.messages.map((message, index) => ({ index, message })), toUser(incoming.userid))
  }

  return handler
}
