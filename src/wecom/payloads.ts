// Wire bodies for the REST surfaces (WECOM.md §4.1, §5.2, §3.4) and the conversion of our
// OutMessage into them. Byte limits are UTF-8 bytes; content is cut at a character boundary.
import { createHash } from 'node:crypto'
import { truncateUtf8 } from '../bot/normalize.js'
import type { OutMessage, TemplateCard } from './types.js'

export const LIMITS = {
  text: 2048,
  webhookMarkdown: 4096,
  appMarkdown: 2048,
  /** intelligent bot: stream content, response_url markdown, aibot_send_msg markdown */
  stream: 20480,
} as const

export type MediaId = { media_id: string }

/** Group-robot webhook `send` body (§4.1). */
export type WebhookMessageBody =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'markdown_v2'; markdown_v2: { content: string } }
  | { msgtype: 'image'; image: { base64: string; md5: string } }
  | { msgtype: 'news'; news: { articles: { title: string; description?: string; url: string; picurl?: string }[] } }
  | { msgtype: 'file'; file: MediaId }
  | { msgtype: 'voice'; voice: MediaId }
  | { msgtype: 'template_card'; template_card: TemplateCard }

/** Self-built app message content (§5.2); recipients and agentid are added by the client. */
export type AppMessageContent =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'image'; image: MediaId }
  | { msgtype: 'file'; file: MediaId }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard }

export interface AppRecipients {
  touser?: string
  toparty?: string
  totag?: string
}

export type AppMessageBody = AppRecipients &
  AppMessageContent & { agentid?: number; safe?: 0 | 1; enable_id_trans?: 0 | 1; enable_duplicate_check?: 0 | 1; duplicate_check_interval?: number }

/** `response_url` body (§3.4): markdown, or a template card (single chats only). */
export type ResponseUrlBody =
  | { msgtype: 'markdown'; markdown: { content: string; feedback?: { id: string } } }
  | { msgtype: 'template_card'; template_card: TemplateCard }

export type MediaType = 'file' | 'image' | 'voice' | 'video'
export interface UploadMediaOptions {
  type: MediaType
  filename: string
}
export interface UploadMediaResult {
  type?: string
  media_id: string
  created_at?: string | number
}

const WEBHOOK_CARDS = new Set<TemplateCard['card_type']>(['text_notice', 'news_notice'])

/** Applies the webhook byte limits to a body someone built by hand. */
export function limitWebhookBody(body: WebhookMessageBody): WebhookMessageBody {
  if (body.msgtype === 'text') return { ...body, text: { ...body.text, content: truncateUtf8(body.text.content, LIMITS.text) } }
  if (body.msgtype === 'markdown') return { ...body, markdown: { content: truncateUtf8(body.markdown.content, LIMITS.webhookMarkdown) } }
  if (body.msgtype === 'markdown_v2') return { ...body, markdown_v2: { content: truncateUtf8(body.markdown_v2.content, LIMITS.webhookMarkdown) } }
  return body
}

export function limitAppContent<T extends AppMessageContent>(body: T): T {
  if (body.msgtype === 'text') return { ...body, text: { content: truncateUtf8(body.text.content, LIMITS.text) } }
  if (body.msgtype === 'markdown') return { ...body, markdown: { content: truncateUtf8(body.markdown.content, LIMITS.appMarkdown) } }
  return body
}

export function limitResponseUrlBody(body: ResponseUrlBody): ResponseUrlBody {
  if (body.msgtype !== 'markdown') return body
  return { ...body, markdown: { ...body.markdown, content: truncateUtf8(body.markdown.content, LIMITS.stream) } }
}

export const md5Hex = (buf: Buffer): string => createHash('md5').update(buf).digest('hex')

/** OutMessage → webhook body; files are uploaded first through `upload` (returns media_id). */
/** Undefined when the message has nothing to show on a webhook (a card whose fallback is ''). */
export async function toWebhookBody(msg: OutMessage, upload: (buf: Buffer, filename: string) => Promise<string>): Promise<WebhookMessageBody | undefined> {
  switch (msg.type) {
    case 'text':
      return { msgtype: 'text', text: { content: msg.content, ...(msg.mentions?.length ? { mentioned_list: msg.mentions } : {}) } }
    case 'markdown':
      return { msgtype: 'markdown', markdown: { content: msg.content } }
    case 'image': {
      const buf = Buffer.from(msg.base64, 'base64')
      return { msgtype: 'image', image: { base64: msg.base64, md5: md5Hex(buf) } }
    }
    case 'file':
      return { msgtype: 'file', file: { media_id: await upload(Buffer.from(msg.base64, 'base64'), msg.filename) } }
    case 'card':
      // A webhook robot has no callback: interactive cards cannot be sent, so they go as markdown.
      if (WEBHOOK_CARDS.has(msg.card.card_type)) return { msgtype: 'template_card', template_card: msg.card }
      if (msg.fallback === '') return undefined
      return { msgtype: 'markdown', markdown: { content: msg.fallback ?? cardAsMarkdown(msg.card) } }
  }
}

/** OutMessage → app message content; images and files are uploaded first. */
export async function toAppContent(msg: OutMessage, upload: (buf: Buffer, options: UploadMediaOptions) => Promise<string>): Promise<AppMessageContent> {
  switch (msg.type) {
    case 'text':
      return { msgtype: 'text', text: { content: msg.content } }
    case 'markdown':
      return { msgtype: 'markdown', markdown: { content: msg.content } }
    case 'image': {
      const buf = Buffer.from(msg.base64, 'base64')
      return { msgtype: 'image', image: { media_id: await upload(buf, { type: 'image', filename: `image.${imageExt(buf)}` }) } }
    }
    case 'file':
      return { msgtype: 'file', file: { media_id: await upload(Buffer.from(msg.base64, 'base64'), { type: 'file', filename: msg.filename }) } }
    case 'card':
      return { msgtype: 'template_card', template_card: msg.card }
  }
}

export function imageExt(buf: Buffer): 'png' | 'jpg' {
  return buf.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) ? 'png' : 'jpg'
}

/** A readable markdown rendering of a card, for surfaces that cannot show it. */
export function cardAsMarkdown(card: TemplateCard): string {
  const lines: string[] = []
  if (card.main_title?.title) lines.push(`**${card.main_title.title}**`)
  if (card.main_title?.desc) lines.push(card.main_title.desc)
  if (card.emphasis_content?.title) lines.push(`**${card.emphasis_content.title}** ${card.emphasis_content.desc ?? ''}`.trim())
  if (card.sub_title_text) lines.push(card.sub_title_text)
  for (const h of card.horizontal_content_list ?? []) lines.push(`${h.keyname}：${h.value ?? ''}`)
  for (const v of card.vertical_content_list ?? []) lines.push(`**${v.title}** ${v.desc ?? ''}`.trim())
  for (const o of card.checkbox?.option_list ?? []) lines.push(`- ${o.text}`)
  for (const j of card.jump_list ?? []) if (j.url) lines.push(`[${j.title}](${j.url})`)
  return lines.join('\n')
}
