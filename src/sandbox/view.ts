// Stored messages → what the page (and the terminal chat) receives for one viewer: cards as that
// member sees them, the sender's display name, and a short preview of the quoted message.
import { t } from '../i18n/index.js'
import { personName } from './demo-data.js'
import type { ChatStore, Json, StoredMessage } from './wecom-standin/store.js'

export interface MessageView {
  id: number
  at: string
  sender: string
  senderName: string
  channel: StoredMessage['channel']
  body: StoredMessage['body'] | { type: 'card'; card: Json; replacedWith?: string; origin?: 'bot' | 'app' }
  quote?: { senderName: string; preview: string }
  streaming?: boolean
  mediaUrl?: string
}

export function viewMessage(store: ChatStore, m: StoredMessage, viewer: string, botName: string): MessageView {
  const name = (sender: string) => (sender === 'bot' ? botName : sender === 'system' ? '' : personName(sender))
  const quoted = m.quoteOf ? store.get(m.quoteOf) : undefined
  const card = store.cardFor(m, viewer)
  const body = card ? { type: 'card' as const, ...card, ...(m.origin ? { origin: m.origin } : {}) } : m.body
  const media = m.body.type === 'image' || m.body.type === 'file' ? m.body.mediaId : undefined
  return {
    id: m.id,
    at: m.at,
    sender: m.sender,
    senderName: name(m.sender),
    channel: m.channel,
    body,
    ...(quoted && m.sender === 'bot' && m.convo.startsWith('group:') ? { quote: { senderName: name(quoted.sender), preview: preview(quoted) } } : {}),
    ...(m.streaming ? { streaming: true } : {}),
    ...(media ? { mediaUrl: `/sandbox/media/${encodeURIComponent(media)}` } : {}),
  }
}

function preview(m: StoredMessage): string {
  const b = m.body
  const text = b.type === 'text' || b.type === 'markdown' || b.type === 'system' ? b.content : b.type === 'card' ? String(b.card.main_title?.title ?? t('sandbox.page.cardPreview')) : `[${b.type}]`
  return text.length > 40 ? text.slice(0, 40) + '…' : text
}
