// One long-connection frame → Incoming → dispatcher → the reply on the same req_id. The reply is
// planned by the same code as URL mode (http/bot-reply.ts), so commands cannot tell the modes
// apart: a finished stream (with a card), a welcome for enter_chat, aibot_respond_update_msg for
// card clicks; what a reply cannot carry goes through the outbox.
import type { WSClient, WsFrame, TemplateCard as SdkCard } from '@wecom/aibot-node-sdk'
import type { DispatchResult, Dispatcher } from '../bot/dispatch.js'
import type { Incoming } from '../bot/incoming.js'
import type { Deps } from '../deps.js'
import { planBotReply, spillToOutbox, type Spill } from '../http/bot-reply.js'
import { streamIdFor } from '../http/streams.js'
import { decodeBotMessage } from './decode.js'
import type { TemplateCard } from './types.js'

const sdkCard = (card: TemplateCard): SdkCard => card as unknown as SdkCard

export function createFrameHandler(deps: Deps, dispatcher: Dispatcher, ws: () => WSClient | undefined) {
  const { log } = deps

  async function handleFrame(frame: WsFrame): Promise<void> {
    const raw = JSON.stringify(frame.body ?? {})
    const incoming = decodeBotMessage(frame.body, { via: 'longconn', botName: deps.config.botName, raw })
    if (!incoming || incoming.kind === 'other' || incoming.kind === 'stream_refresh') return
    await markReachable(incoming)
    let result: DispatchResult
    try {
      result = await dispatcher.handle(incoming)
    } catch (err) {
      // No redelivery on the long connection: the failure is logged; the user may try again.
      log.error({ err: summary(err), msgid: incoming.msgid }, 'long connection: message not handled')
      return
    }
    try {
      await spillToOutbox(deps, incoming, await reply(frame, incoming, result))
    } catch (err) {
      log.warn({ err: summary(err), msgid: incoming.msgid }, 'long connection: reply failed')
    }
  }

  /** Sends the reply URL mode would send (same plan), on this frame's req_id; returns what goes by outbox. */
  async function reply(frame: WsFrame, incoming: Incoming, result: DispatchResult): Promise<Spill[]> {
    const client = ws()
    const plan = planBotReply(incoming, result, streamIdFor(incoming.msgid))
    const body = plan.reply as Record<string, any> | undefined
    if (!client || !body) return client ? plan.spill : result.messages.map((message, index) => ({ index, message }))
    if (body.response_type === 'update_template_card') {
      // The update must carry the task_id of the card that was clicked.
      const card = { ...body.template_card, task_id: body.template_card.task_id ?? incoming.event?.taskId }
      await client.updateTemplateCard(frame, sdkCard(card), body.userids)
      return plan.spill
    }
    if (incoming.kind === 'enter_chat') {
      await client.replyWelcome(frame, body as Parameters<WSClient['replyWelcome']>[1])
      return plan.spill
    }
    if (body.msgtype === 'template_card') {
      await client.replyTemplateCard(frame, sdkCard(body.template_card))
      return plan.spill
    }
    // The long connection does not take msg_item images (WECOM.md §3.3): they follow by outbox.
    const { id, content } = body.stream as { id: string; content: string }
    const carried = new Set(plan.spill.map((s) => s.index))
    const images = result.messages.flatMap((message, index) => (message.type === 'image' && !carried.has(index) ? [{ index, message }] : []))
    if (body.msgtype === 'stream_with_template_card') {
      await client.replyStreamWithCard(frame, id, content, true, { templateCard: sdkCard(body.template_card) })
    } else {
      await client.replyStream(frame, id, content, true)
    }
    return [...images, ...plan.spill].sort((a, b) => Number(a.index) - Number(b.index))
  }

  /** Someone spoke to the bot here: proactive aibot_send_msg now works for this conversation. */
  async function markReachable(incoming: Incoming): Promise<void> {
    const at = deps.clock.now().toISOString()
    try {
      await deps.db
        .insertInto('chats')
        .values({ chat_id: incoming.chat.id, type: incoming.chat.type, first_seen_at: at, last_seen_at: at, longconn_ok: 1 })
        .onConflict((oc) => oc.column('chat_id').doUpdateSet({ longconn_ok: 1 }))
        .execute()
    } catch (err) {
      log.warn({ err: summary(err) }, 'long connection: could not mark the chat reachable')
    }
  }

  return handleFrame
}

function summary(err: unknown): { name?: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message }
  const f = err as { errcode?: number; errmsg?: string }
  return f && typeof f.errcode === 'number' ? { message: `errcode ${f.errcode}: ${f.errmsg ?? ''}` } : { message: String(err) }
}
