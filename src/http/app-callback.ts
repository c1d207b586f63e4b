// /wecom/app's application half — the self-built app's XML callbacks (admins' private chat with
// the app; WECOM.md §5.4). The first text reply goes back as the passive XML reply (app-protocol.ts
// encrypts it); a card click may be answered with update_template_card; everything else,
// and everything from a command slower than the budget, goes to the user through the outbox.
import type { DispatchResult, Dispatcher } from '../bot/dispatch.js'
import type { Incoming } from '../bot/incoming.js'
import type { Deps } from '../deps.js'
import { ProtocolError } from '../errors.js'
import { toUser } from '../outbox/outbox.js'
import { decodeAppMessage } from '../wecom/decode.js'
import { markdownToText, parseSafeXml, splitUtf8Lines, textReplyXml, updateCardXml } from './app-xml.js'
import { spillToOutbox, type Spill } from './bot-reply.js'
import { InFlight, withinBudget } from './callback-common.js'
import type { CallbackApp } from './callback-protocol.js'

export interface AppCallbackOptions {
  replyBudgetMs: number
  inFlight: InFlight
}

export function appCallbackApp(deps: Deps, dispatcher: Dispatcher, options: AppCallbackOptions): CallbackApp {
  const { corpId } = deps.config.app
  if (!corpId) throw new Error('WECOM_CORP_ID is required for /wecom/app')

  const app: CallbackApp = async (plain) => {
    const incoming = decodeAppMessage(parseSafeXml(plain), { raw: plain })
    if (!incoming) throw new ProtocolError(400, 'not an app callback')
    return answer(incoming)
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

  return app
}
