// WeCom message JSON → what the page shows, with the per-surface rules of WECOM.md: which types a
// surface accepts and how many UTF-8 bytes each may carry. Returns an error answer instead when
// WeCom would refuse the message.
import { createHash } from 'node:crypto'
import type { Body, Json } from './store.js'
import { bytes, E } from './errors.js'
import { imageType, type MediaStore } from './media.js'

export type Surface = 'webhook' | 'app' | 'response_url'
export type Converted = { body: Body } | { errcode: number; errmsg: string }

const LIMITS: Record<Surface, { text: number; markdown: number }> = {
  webhook: { text: 2048, markdown: 4096 },
  app: { text: 2048, markdown: 2048 },
  response_url: { text: 20480, markdown: 20480 },
}
const IMAGE_MAX = 2 * 1024 * 1024
const INTERACTIVE = ['button_interaction', 'vote_interaction', 'multiple_interaction']
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined)

export function convertMessage(
  msg: Json,
  surface: Surface,
  opts: { media: MediaStore; scope: string; singleChat?: boolean },
): Converted {
  const type = msg.msgtype
  const limit = LIMITS[surface]
  const part = obj(msg[type])
  if (typeof type !== 'string' || !part) return { errcode: E.invalidMsgType, errmsg: `invalid message type: ${String(type)}` }
  const sized = (content: unknown, max: number): Converted | undefined => {
    if (typeof content !== 'string' || content === '') return { errcode: E.emptyContent, errmsg: 'empty content' }
    if (bytes(content) > max) return { errcode: E.tooLong, errmsg: `content exceed max length ${max}` }
    return undefined
  }
  switch (type) {
    case 'text': {
      if (surface === 'response_url') break
      const bad = sized(part.content, limit.text)
      if (bad) return bad
      const mentions = Array.isArray(part.mentioned_list) ? part.mentioned_list.filter((m: unknown) => typeof m === 'string') : undefined
      return { body: { type: 'text', content: part.content, ...(mentions?.length ? { mentions } : {}) } }
    }
    case 'markdown':
    case 'markdown_v2': {
      if (type === 'markdown_v2' && surface !== 'webhook') break
      const bad = sized(part.content, limit.markdown)
      if (bad) return bad
      const flavor = type === 'markdown_v2' ? 'v2' : surface === 'response_url' ? 'stream' : 'v1'
      return { body: { type: 'markdown', content: part.content, flavor } }
    }
    case 'image': {
      if (surface === 'response_url') break
      if (surface === 'app') return mediaRef(part, opts, 'image')
      if (typeof part.base64 !== 'string' || typeof part.md5 !== 'string') return { errcode: E.invalidParam, errmsg: 'image needs base64 and md5' }
      const data = Buffer.from(part.base64, 'base64')
      if (data.length === 0 || data.length > IMAGE_MAX) return { errcode: 40009, errmsg: 'invalid image size' }
      const ct = imageType(data)
      if (!ct) return { errcode: 40005, errmsg: 'invalid file type (jpg/png only)' }
      if (createHash('md5').update(data).digest('hex') !== part.md5.toLowerCase()) return { errcode: E.invalidParam, errmsg: 'md5 mismatch' }
      const media = opts.media.put({ type: 'image', filename: ct === 'image/png' ? 'image.png' : 'image.jpg', contentType: ct, data, scope: opts.scope })
      return { body: { type: 'image', mediaId: media.id } }
    }
    case 'file':
    case 'voice':
    case 'video':
      if (surface === 'response_url' || (surface === 'webhook' && type === 'video')) break
      return mediaRef(part, opts, type)
    case 'news': {
      if (surface === 'response_url') break
      const articles = Array.isArray(part.articles) ? part.articles.filter(obj) : []
      if (articles.length < 1 || articles.length > 8) return { errcode: E.invalidParam, errmsg: 'news needs 1..8 articles' }
      return { body: { type: 'news', articles } }
    }
    case 'textcard': {
      if (surface !== 'app') break
      if (typeof part.title !== 'string' || typeof part.description !== 'string' || typeof part.url !== 'string') {
        return { errcode: E.invalidParam, errmsg: 'textcard needs title, description and url' }
      }
      return { body: { type: 'textcard', title: part.title, description: part.description, url: part.url, btntxt: part.btntxt } }
    }
    case 'template_card': {
      const cardType = part.card_type
      if (typeof cardType !== 'string') return { errcode: E.invalidParam, errmsg: 'template_card needs card_type' }
      if (surface === 'webhook' && !['text_notice', 'news_notice'].includes(cardType)) {
        return { errcode: E.invalidParam, errmsg: `webhook template_card supports text_notice and news_notice only, not ${cardType}` }
      }
      if (surface === 'response_url' && !opts.singleChat) {
        return { errcode: E.invalidParam, errmsg: 'template_card via response_url is only allowed in single chats' }
      }
      if (INTERACTIVE.includes(cardType) && !part.task_id) return { errcode: E.invalidParam, errmsg: 'interactive card needs task_id' }
      return { body: { type: 'card', card: part } }
    }
  }
  return { errcode: E.invalidMsgType, errmsg: `invalid message type for this api: ${type}` }
}

function mediaRef(part: Json, opts: { media: MediaStore; scope: string }, type: string): Converted {
  const media = typeof part.media_id === 'string' ? opts.media.get(part.media_id, opts.scope) : undefined
  if (!media) return { errcode: E.invalidMediaId, errmsg: 'invalid media_id' }
  if (type === 'image' || media.type === 'image') return { body: { type: 'image', mediaId: media.id } }
  return { body: { type: 'file', mediaId: media.id, filename: media.filename, size: media.data.length } }
}

export const isInteractive = (card: Json): boolean => INTERACTIVE.includes(card.card_type)
