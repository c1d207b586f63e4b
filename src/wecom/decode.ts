// Wire → Incoming. The intelligent bot's JSON (URL-callback mode after decryption, or the body of a
// long-connection frame) and the self-built app's XML both become one Incoming value.
import type { CardEvent, Incoming, Via } from '../bot/incoming.js'
import { stripMention } from '../bot/normalize.js'

type Json = Record<string, any>

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined)
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined)
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])

/**
 * Decodes an intelligent-bot message or event (WECOM.md §3.1–3.2). Returns undefined when the body
 * is not a bot callback at all (missing msgid/userid): the caller answers 400.
 */
export function decodeBotMessage(body: unknown, options: { via: Extract<Via, 'bot' | 'longconn'>; botName: string; raw: string }): Incoming | undefined {
  const b = obj(body)
  const msgid = str(b?.msgid)
  const msgtype = str(b?.msgtype)
  if (!b || !msgid || !msgtype) return undefined
  const userid = str(obj(b.from)?.userid)
  if (msgtype === 'stream') {
    // URL mode stream refresh poll: { msgtype:'stream', stream:{ id } }
    return {
      msgid, via: options.via, chat: chatOf(b, userid ?? ''), userid: userid ?? '', text: '', kind: 'stream_refresh',
      streamId: str(obj(b.stream)?.id) ?? '', raw: options.raw, responseUrl: str(b.response_url),
    }
  }
  if (!userid) return undefined
  const base = { msgid, via: options.via, chat: chatOf(b, userid), userid, raw: options.raw, responseUrl: str(b.response_url) }

  switch (msgtype) {
    case 'text':
      return { ...base, kind: 'text', text: stripMention(str(obj(b.text)?.content) ?? '', options.botName) }
    case 'voice':
      return { ...base, kind: 'text', text: stripMention(str(obj(b.voice)?.content) ?? '', options.botName) }
    case 'mixed': {
      const items = arr(obj(b.mixed)?.msg_item).map(obj)
      const text = items.filter((i) => i?.msgtype === 'text').map((i) => str(obj(i?.text)?.content) ?? '').join('\n')
      return { ...base, kind: 'text', text: stripMention(text, options.botName) }
    }
    case 'file':
    case 'image': {
      const f = obj(b[msgtype])
      const url = str(f?.url)
      if (!url) return { ...base, kind: 'other', text: '' }
      return { ...base, kind: 'file', text: '', file: { kind: msgtype, url, aeskey: str(f?.aeskey), filename: str(f?.filename) ?? str(f?.file_name) } }
    }
    case 'event': {
      const ev = obj(b.event)
      const type = str(ev?.eventtype)
      if (type === 'enter_chat') return { ...base, kind: 'enter_chat', text: '' }
      if (type === 'template_card_event') {
        // The docs nest the payload under template_card_event; the SDK types put it on event itself.
        const e = obj(ev?.template_card_event) ?? ev ?? {}
        return { ...base, kind: 'card_event', text: '', event: cardEvent(e) }
      }
      return { ...base, kind: 'other', text: '' }
    }
    default:
      return { ...base, kind: 'other', text: '' }
  }
}

function chatOf(b: Json, userid: string): Incoming['chat'] {
  const chatid = str(b.chatid)
  return b.chattype === 'group' && chatid ? { id: chatid, type: 'group' } : { id: userid, type: 'single' }
}

function cardEvent(e: Json): CardEvent {
  const items = arr(obj(e.selected_items)?.selected_item).map(obj)
  return {
    key: str(e.event_key) ?? '',
    taskId: str(e.task_id) ?? '',
    cardType: str(e.card_type) ?? '',
    selected: items.map((i) => ({
      questionKey: str(i?.question_key) ?? '',
      optionIds: arr(obj(i?.option_ids)?.option_id).map((x) => str(x) ?? '').filter(Boolean),
    })),
  }
}

/**
 * Decodes a self-built app callback (already parsed XML object, WECOM.md §5.4). MsgId is kept as a
 * string (it exceeds 2^53). Events without MsgId are keyed by sender + time + event fields.
 */
export function decodeAppMessage(xml: unknown, options: { raw: string }): Incoming | undefined {
  const x = obj(obj(xml)?.xml)
  const userid = str(x?.FromUserName)
  const msgType = str(x?.MsgType)
  if (!x || !userid || !msgType) return undefined
  const chat = { id: userid, type: 'single' as const }
  const createTime = str(x.CreateTime) ?? ''
  if (msgType === 'event') {
    const event = str(x.Event) ?? ''
    const key = str(x.EventKey) ?? ''
    const taskId = str(x.TaskId) ?? ''
    const msgid = str(x.MsgId) ?? `app:${userid}:${createTime}:${event}:${taskId}:${key}:${str(x.ResponseCode) ?? ''}`
    if (event === 'template_card_event') {
      const items = arr(obj(x.SelectedItems)?.SelectedItem).map(obj)
      return {
        msgid, via: 'app', chat, userid, text: '', kind: 'card_event', raw: options.raw,
        event: {
          key, taskId, cardType: str(x.CardType) ?? '', responseCode: str(x.ResponseCode),
          selected: items.map((i) => ({ questionKey: str(i?.QuestionKey) ?? '', optionIds: arr(obj(i?.OptionIds)?.OptionId).map((o) => str(o) ?? '').filter(Boolean) })),
        },
      }
    }
    if (event === 'enter_agent') return { msgid, via: 'app', chat, userid, text: '', kind: 'enter_chat', raw: options.raw }
    return { msgid, via: 'app', chat, userid, text: '', kind: 'other', raw: options.raw }
  }
  const msgid = str(x.MsgId) ?? `app:${userid}:${createTime}:${msgType}`
  if (msgType === 'text') return { msgid, via: 'app', chat, userid, text: (str(x.Content) ?? '').trim(), kind: 'text', raw: options.raw }
  return { msgid, via: 'app', chat, userid, text: '', kind: 'other', raw: options.raw }
}
