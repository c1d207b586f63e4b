// XML of the self-built app callbacks (WECOM.md §1.6–1.7, §5.4): a strict parser (no DOCTYPE, no
// entities, values kept as strings so the 64-bit MsgId survives) and the passive reply builders.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { truncateUtf8 } from '../bot/normalize.js'
import { ProtocolError } from '../errors.js'
import type { TemplateCard } from '../wecom/types.js'

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 16,
})

/** Largest decrypted app message we accept. */
export const MAX_XML_CHARS = 256 * 1024

/** Parses untrusted XML; anything odd (DOCTYPE, ENTITY, malformed, too deep/large) → 400. */
export function parseSafeXml(text: string): Record<string, unknown> {
  if (text.length > MAX_XML_CHARS) throw new ProtocolError(400, 'XML too large')
  if (/<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i.test(text)) throw new ProtocolError(400, 'XML with a document type declaration')
  if (!/^\s*(<\?xml[^>]*\?>\s*)?<xml[\s>]/.test(text)) throw new ProtocolError(400, 'not a WeCom XML document')
  if (XMLValidator.validate(text) !== true) throw new ProtocolError(400, 'malformed XML')
  try {
    const parsed: unknown = parser.parse(text)
    if (parsed === null || typeof parsed !== 'object') throw new ProtocolError(400, 'malformed XML')
    return parsed as Record<string, unknown>
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    throw new ProtocolError(400, 'malformed XML')
  }
}

/** A CDATA section; "]]>" inside the text is split across two sections. */
export const cdata = (s: string): string => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

export function encryptedEnvelope(e: { encrypt: string; signature: string; timestamp: string; nonce: string }): string {
  return `<xml><Encrypt>${cdata(e.encrypt)}</Encrypt><MsgSignature>${cdata(e.signature)}</MsgSignature><TimeStamp>${e.timestamp}</TimeStamp><Nonce>${cdata(e.nonce)}</Nonce></xml>`
}

const head = (to: string, from: string, createTime: string, msgType: string): string =>
  `<ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata(msgType)}</MsgType>`

/** Passive text reply (app text content ≤ 2048 bytes). */
export function textReplyXml(r: { to: string; from: string; createTime: string; content: string }): string {
  return `<xml>${head(r.to, r.from, r.createTime, 'text')}<Content>${cdata(truncateUtf8(r.content, APP_TEXT_BYTES))}</Content></xml>`
}

/** Passive update_template_card reply: the card with PascalCase element names, lists as repeated elements. */
export function updateCardXml(r: { to: string; from: string; createTime: string; card: TemplateCard }): string {
  return `<xml>${head(r.to, r.from, r.createTime, 'update_template_card')}<TemplateCard>${toXml(r.card as unknown as Record<string, unknown>)}</TemplateCard></xml>`
}

const SPECIAL: Record<string, string> = { keyname: 'KeyName', userid: 'UserId', appid: 'AppId', pagepath: 'PagePath', icon_url: 'IconUrl' }
const pascal = (key: string): string => SPECIAL[key] ?? key.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')

function toXml(value: Record<string, unknown>): string {
  let out = ''
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue
    const name = pascal(key)
    for (const item of Array.isArray(v) ? v : [v]) out += `<${name}>${scalarOrNested(item)}</${name}>`
  }
  return out
}

function scalarOrNested(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return cdata(v)
  if (v !== null && typeof v === 'object') return toXml(v as Record<string, unknown>)
  return ''
}

/** App text messages hold 2048 bytes; longer replies are split at line ends into several. */
export const APP_TEXT_BYTES = 2048

export function splitUtf8Lines(text: string, maxBytes = APP_TEXT_BYTES): string[] {
  const parts: string[] = []
  let current = ''
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : current + '\n' + line
    if (Buffer.byteLength(candidate, 'utf8') <= maxBytes) {
      current = candidate
      continue
    }
    if (current !== '') parts.push(current)
    current = Buffer.byteLength(line, 'utf8') <= maxBytes ? line : truncateUtf8(line, maxBytes)
  }
  if (current !== '' || parts.length === 0) parts.push(current)
  return parts
}

/** Markdown → what an app text message can show: emphasis, code marks and font tags removed. */
export function markdownToText(md: string): string {
  return md
    .replace(/<font[^>]*>|<\/font>/g, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
}
