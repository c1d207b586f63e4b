// DispatchResult → the one passive reply an intelligent-bot callback allows (WECOM.md §3.3), and
// the messages that do not fit it, which travel through the outbox instead.
import { createHash } from 'node:crypto'
import type { DispatchResult } from '../bot/dispatch.js'
import type { Incoming } from '../bot/incoming.js'
import { truncateUtf8 } from '../bot/normalize.js'
import type { DbOrTrx, Deps } from '../deps.js'
import { toGroup, toUser, type Destination } from '../outbox/outbox.js'
import type { OutMessage } from '../wecom/types.js'
import { clip } from './streams.js'

export type Json = Record<string, unknown>

/** A message that goes by the outbox, with its position in the command's reply (the dedupe key). */
export interface Spill {
  /** position in the reply ('0.1' for the second part of a split first message) */
  index: number | string
  message: OutMessage
}

export interface BotPlan {
  /** The plaintext JSON of the passive reply; undefined = empty 200. */
  reply?: Json
  /**
   * Set when the reply is a stream: what its row must hold for refresh polls. `whole` when that text
   * is everything the reply shows (no images, no card), so a poll answered from the row misses nothing.
   */
  stream?: { content: string; whole: boolean }
  spill: Spill[]
}

const MAX_MSG_ITEMS = 10
const STREAM_MAX_BYTES = 20480

export function streamBody(id: string, content: string, finish: boolean, msgItem?: Json[]): Json {
  return { msgtype: 'stream', stream: { id, finish, content: clip(content), ...(msgItem?.length ? { msg_item: msgItem } : {}) } }
}

function imageItem(base64: string): Json {
  const md5 = createHash('md5').update(Buffer.from(base64, 'base64')).digest('hex')
  return { msgtype: 'image', image: { base64, md5 } }
}

const isText = (m: OutMessage | undefined): m is Extract<OutMessage, { type: 'markdown' | 'text' }> => m?.type === 'markdown' || m?.type === 'text'

/** Plans the reply to a message or event callback that the dispatcher answered in time. */
export function planBotReply(incoming: Incoming, result: DispatchResult, streamId: string): BotPlan {
  const all: Spill[] = result.messages.map((message, index) => ({ index, message }))
  if (incoming.kind === 'card_event') {
    // Only update_template_card may answer a card click; anything else goes separately.
    // WeCom requires the clicked card's task_id on the updated card.
    const card = result.update && { ...result.update.card, task_id: result.update.card.task_id || incoming.event?.taskId }
    const reply = result.update
      ? { response_type: 'update_template_card', ...(result.update.userids ? { userids: result.update.userids } : {}), template_card: card }
      : undefined
    return { reply, spill: all }
  }
  const [first, ...rest] = all
  if (!first) return { spill: [] }
  if (incoming.kind === 'enter_chat') {
    if (isText(first.message)) return { reply: { msgtype: 'text', text: { content: truncateUtf8(first.message.content, 2048) } }, spill: rest }
    if (first.message.type === 'card') return { reply: { msgtype: 'template_card', template_card: first.message.card }, spill: rest }
    return { spill: all }
  }
  if (first.message.type === 'card') return { reply: { msgtype: 'template_card', template_card: first.message.card }, spill: rest }
  if (first.message.type === 'file') return { spill: all }
  // A stream: the leading texts joined into one message (as a person would write one answer),
  // then the images that follow as msg_item (finish=true only), then at most one card.
  let i = 0
  const texts: string[] = []
  while (i < all.length) {
    const m = all[i]!.message
    if (!isText(m)) break
    const joined = [...texts, m.content].join('\n\n')
    if (texts.length > 0 && Buffer.byteLength(joined, 'utf8') > STREAM_MAX_BYTES) break
    texts.push(m.content)
    i++
  }
  const content = texts.join('\n\n')
  const images: Json[] = []
  while (i < all.length && images.length < MAX_MSG_ITEMS) {
    const m = all[i]!.message
    if (m.type !== 'image') break
    images.push(imageItem(m.base64))
    i++
  }
  const body = streamBody(streamId, content, true, images)
  const next = all[i]?.message
  if (next?.type === 'card') {
    // stream_with_template_card: the card rides along once with the stream.
    return { reply: { msgtype: 'stream_with_template_card', stream: body.stream, template_card: next.card }, stream: { content, whole: false }, spill: all.slice(i + 1) }
  }
  return { reply: body, stream: { content, whole: images.length === 0 }, spill: all.slice(i) }
}

/** The conversation a message came from: the group, or the user's private chat. */
export const destinationOf = (incoming: Incoming): Destination => (incoming.chat.type === 'group' ? toGroup(incoming.chat.id) : toUser(incoming.userid))

/** Queues messages that did not fit the passive reply. Keys make a redelivery a no-op. */
export async function spillToOutbox(deps: Deps, incoming: Incoming, spill: Spill[], to: Destination = destinationOf(incoming)): Promise<void> {
  if (spill.length === 0) return
  await deps.db.transaction().execute((trx) => enqueueSpill(deps, trx, incoming, spill, to))
  deps.outbox.wake()
}

export async function enqueueSpill(deps: Deps, db: DbOrTrx, incoming: Incoming, spill: Spill[], to: Destination = destinationOf(incoming)): Promise<void> {
  for (const s of spill) await deps.outbox.enqueue(db, { to, message: s.message, key: `reply:${incoming.msgid}:${s.index}` })
}
