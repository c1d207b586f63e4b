// The bot's decrypted passive reply → what WeCom shows (WECOM.md §3.3): a stream (updated in place
// by later refreshes, images from msg_item once finished), a template card (once per message), a
// welcome text, or an update_template_card for the card that was clicked.
import type { WecomStandin } from './wecom-standin/standin.js'
import type { Json } from './wecom-standin/store.js'

export interface ReplyTarget {
  convo: string
  quoteOf?: number
  /** set for template_card_event callbacks: the card message that was clicked */
  cardMessageId?: number
}

export interface Shown {
  /** an unfinished stream: poll it with refresh callbacks */
  pollStreamId?: string
  /** the reply was not one WeCom would accept: why */
  refused?: string
}

const cardsSent = new WeakMap<WecomStandin, Set<string>>()

export function showBotReply(standin: WecomStandin, reply: Json, to: ReplyTarget): Shown {
  const { store } = standin
  if (reply.response_type === 'update_template_card') {
    if (!to.cardMessageId || !reply.template_card) return { refused: 'update_template_card without a clicked card' }
    store.updateCard(to.cardMessageId, reply.template_card as Json, Array.isArray(reply.userids) ? (reply.userids as string[]) : undefined)
    return {}
  }
  const type = reply.msgtype
  const stream = reply.stream as Json | undefined
  let shown: Shown | undefined
  if ((type === 'stream' || type === 'stream_with_template_card') && stream) shown = showStream(standin, stream, to)
  const card = reply.template_card as Json | undefined
  if ((type === 'template_card' || type === 'stream_with_template_card') && card) {
    // A stream carries its card only once, however often it is refreshed.
    const sent = cardsSent.get(standin) ?? new Set<string>()
    cardsSent.set(standin, sent)
    const once = stream ? `stream:${String(stream.id)}` : undefined
    if (!once || !sent.has(once)) {
      if (once) sent.add(once)
      store.add({ convo: to.convo, sender: 'bot', channel: 'reply', body: { type: 'card', card }, quoteOf: to.quoteOf, origin: 'bot' })
    }
    return shown ?? {}
  }
  if (type === 'text' || type === 'markdown') {
    const content = String((reply[type] as Json | undefined)?.content ?? '')
    const body = type === 'text' ? { type: 'text' as const, content } : { type: 'markdown' as const, content, flavor: 'stream' as const }
    store.add({ convo: to.convo, sender: 'bot', channel: 'reply', body, quoteOf: to.quoteOf })
    return {}
  }
  return shown ?? { refused: String(type ?? reply.response_type ?? '?') }
}

function showStream(standin: WecomStandin, stream: Json, to: ReplyTarget): Shown {
  const { store, media } = standin
  const id = String(stream.id ?? '')
  const finish = stream.finish === true
  const body = { type: 'markdown' as const, content: String(stream.content ?? ''), flavor: 'stream' as const }
  const existing = id ? store.findStream(id) : undefined
  if (existing) store.update(existing.id, { body, streaming: !finish })
  else store.add({ convo: to.convo, sender: 'bot', channel: 'stream', body, quoteOf: to.quoteOf, streamId: id, streaming: !finish })
  if (finish && Array.isArray(stream.msg_item)) {
    for (const item of stream.msg_item as Json[]) {
      const b64 = (item.image as Json | undefined)?.base64
      if (item.msgtype !== 'image' || typeof b64 !== 'string') continue
      const m = media.put({ type: 'image', filename: 'image.png', contentType: 'image/png', data: Buffer.from(b64, 'base64'), scope: 'bot' })
      store.add({ convo: to.convo, sender: 'bot', channel: 'stream', body: { type: 'image', mediaId: m.id }, quoteOf: to.quoteOf })
    }
  }
  return finish || !id ? {} : { pollStreamId: id }
}
