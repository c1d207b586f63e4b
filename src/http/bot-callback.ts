// /wecom/bot's application half — the intelligent bot in URL-callback mode (WECOM.md §3.3–3.4): a
// decrypted callback is dispatched and answered with one passive reply (bot-protocol.ts encrypts
// it). A command slower than the reply budget gets a placeholder stream; its result lands in the
// streams table, where WeCom's refresh polls find it (any instance). A reply finished in time keeps
// no stream row: a poll for it is answered from the message's stored reply (streams.ts).
import type { DispatchOutput, DispatchResult, Dispatcher } from '../bot/dispatch.js'
import type { Incoming } from '../bot/incoming.js'
import type { DbOrTrx, Deps } from '../deps.js'
import { ProtocolError } from '../errors.js'
import { t } from '../i18n/index.js'
import { decodeBotMessage } from '../wecom/decode.js'
import type { OutMessage } from '../wecom/types.js'
import { enqueueSpill, planBotReply, spillToOutbox, streamBody, type BotPlan, type Json, type Spill } from './bot-reply.js'
import { parseJson } from './bot-protocol.js'
import { InFlight, withinBudget } from './callback-common.js'
import type { CallbackApp } from './callback-protocol.js'
import { STREAM_TTL_MS, findStream, finishStream, msgidOfStream, openStream, streamIdFor } from './streams.js'

export interface BotCallbackOptions {
  /** How long a command may take before the callback is answered with a placeholder stream. */
  replyBudgetMs: number
  /** Delivers a slow result whose stream expired (default: deps.wecom.replyResponseUrl). */
  postResponseUrl: (url: string, body: Json) => Promise<void>
  inFlight: InFlight
}

export function botCallbackApp(deps: Deps, dispatcher: Dispatcher, options: BotCallbackOptions): CallbackApp {
  /**
   * Streams of slow commands still running in this process. With SQLite the command's transaction
   * holds the only connection, so polls for these are answered from memory; every other instance
   * (PostgreSQL) reads the row.
   */
  const running = new Map<string, Date>()

  const app: CallbackApp = async (plain) => {
    const incoming = decodeBotMessage(parseJson(plain), { via: 'bot', botName: deps.config.botName, raw: plain })
    if (!incoming) throw new ProtocolError(400, 'not a bot callback')
    const reply = incoming.kind === 'stream_refresh' ? await refresh(incoming.streamId ?? '') : await answer(incoming)
    return reply === undefined ? undefined : JSON.stringify(reply)
  }

  /** A refresh poll: the stream's current content from the database; unknown → finished, empty. */
  async function refresh(streamId: string): Promise<Json> {
    const startedAt = running.get(streamId)
    if (startedAt) return streamBody(streamId, t('router.busy'), expired(startedAt))
    const row = streamId ? await findStream(deps.db, streamId) : undefined
    if (!row) return streamBody(streamId, (await answeredText(streamId)) ?? '', true)
    // Near WeCom's 6-minute limit an unfinished stream is closed; the result then goes by response_url.
    const finish = row.finished || expired(row.createdAt)
    return streamBody(row.streamId, row.content, finish)
  }

  /** The text of a stream finished in its first reply, planned again from the message's stored reply. */
  async function answeredText(streamId: string): Promise<string | undefined> {
    const msgid = msgidOfStream(streamId)
    const row = msgid ? await deps.db.selectFrom('inbound_messages').select(['body', 'reply']).where('msgid', '=', msgid).executeTakeFirst() : undefined
    if (!row?.body || !row.reply) return undefined
    const incoming = decodeBotMessage(parseJson(row.body), { via: 'bot', botName: deps.config.botName, raw: row.body })
    const out = JSON.parse(row.reply) as DispatchOutput
    return incoming ? planBotReply(incoming, { ...out, duplicate: false }, streamId).stream?.content : undefined
  }

  async function answer(incoming: Incoming): Promise<Json | undefined> {
    const streamId = streamIdFor(incoming.msgid)
    // What the reply cannot carry goes to the outbox in the command's own transaction (one commit).
    // The last plan persisted is the committed one.
    let persisted: BotPlan | undefined
    const persist = async (trx: DbOrTrx, out: DispatchOutput) => {
      persisted = planBotReply(incoming, { ...out, duplicate: false }, streamId)
      await enqueueSpill(deps, trx, incoming, persisted.spill)
    }
    const work = dispatcher.handle(incoming, { persist })
    const r = await withinBudget(work, options.replyBudgetMs)
    if (r.done) {
      const plan = r.value.persisted && persisted ? persisted : planBotReply(incoming, r.value, streamId)
      // A redelivery or a rate-limit answer was not persisted with a command (enqueueing again is a no-op).
      if (!r.value.persisted && plan.spill.length) await deps.db.transaction().execute((trx) => enqueueSpill(deps, trx, incoming, plan.spill))
      if (plan.spill.length) deps.outbox.wake()
      return plan.reply
    }
    // Card clicks and enter_chat cannot take a stream: empty 200, the result follows by the outbox.
    const streaming = incoming.kind === 'text' || incoming.kind === 'file'
    const startedAt = deps.clock.now()
    if (streaming) running.set(streamId, startedAt)
    const busy = t('router.busy')
    options.inFlight.add(
      (async () => {
        // Queued behind the command's transaction on SQLite; written at once on PostgreSQL.
        if (streaming) await openStream(deps.db, { streamId, msgid: incoming.msgid, content: busy, at: startedAt }).catch(() => {})
        try {
          const result = await work
          // The command's transaction already queued what the stream cannot carry: the placeholder
          // row takes the plain text, and the refresh polls read it.
          if (streaming && result.persisted && persisted?.stream?.whole && !expired(startedAt)) {
            await finishStream(deps.db, streamId, persisted.stream.content)
            if (persisted.spill.length) deps.outbox.wake()
          } else await completeSlow(incoming, streaming ? { streamId, startedAt } : undefined, result)
        } catch (err) {
          await failSlow(incoming, streaming ? streamId : undefined, err)
        } finally {
          running.delete(streamId)
        }
      })(),
    )
    return streaming ? streamBody(streamId, busy, false) : undefined
  }

  /** The slow command finished: its text goes into the stream (or response_url once expired), the rest by outbox. */
  async function completeSlow(incoming: Incoming, stream: { streamId: string; startedAt: Date } | undefined, result: DispatchResult): Promise<void> {
    const spill: Spill[] = result.messages.map((message, index) => ({ index, message }))
    if (result.update) deps.log.warn({ msgid: incoming.msgid }, 'card update came too late for the callback; dropped')
    if (!stream) return spillToOutbox(deps, incoming, spill)
    const at = spill.findIndex((s) => isText(s.message))
    const text = at >= 0 ? spill.splice(at, 1)[0]! : undefined
    const content = text && isText(text.message) ? text.message.content : spill.length ? t('callback.seeBelow') : ''
    if (expired(stream.startedAt) && text) {
      const sent = incoming.responseUrl ? await viaResponseUrl(incoming.responseUrl, content) : false
      if (!sent) spill.unshift(text)
    }
    await finishStream(deps.db, stream.streamId, content)
    await spillToOutbox(deps, incoming, spill)
  }

  async function viaResponseUrl(url: string, content: string): Promise<boolean> {
    try {
      await options.postResponseUrl(url, { msgtype: 'markdown', markdown: { content } })
      return true
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'response_url delivery failed; using the outbox')
      return false
    }
  }

  async function failSlow(incoming: Incoming, streamId: string | undefined, err: unknown): Promise<void> {
    deps.log.error({ msgid: incoming.msgid, err: err instanceof Error ? err.message : String(err) }, 'slow command failed after the callback was answered')
    if (streamId) await finishStream(deps.db, streamId, t('callback.failed')).catch(() => {})
  }

  const expired = (startedAt: Date): boolean => deps.clock.now().getTime() - startedAt.getTime() >= STREAM_TTL_MS

  return app
}

const isText = (m: OutMessage): m is Extract<OutMessage, { type: 'markdown' | 'text' }> => m.type === 'markdown' || m.type === 'text'
