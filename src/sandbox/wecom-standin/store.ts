// What WeCom would show: conversations (a group by chat id, a user's private chat with the bot/app
// by userid) holding messages in order. Cards keep per-user versions, because WeCom can update a
// card for some users only. Listeners hear about every change (the page's live updates).
import { systemClock, type Clock } from '../../clock.js'

export type Json = Record<string, any>

export const groupConvo = (chatId: string): string => `group:${chatId}`
export const userConvo = (userid: string): string => `user:${userid}`

export type Channel = 'user' | 'reply' | 'stream' | 'response_url' | 'webhook' | 'app' | 'system'

export type Body =
  | { type: 'text'; content: string; mentions?: string[] }
  | { type: 'markdown'; content: string; flavor: 'v1' | 'v2' | 'stream' }
  | { type: 'card'; card: Json }
  | { type: 'image'; mediaId: string }
  | { type: 'file'; mediaId: string; filename: string; size: number }
  | { type: 'news'; articles: Json[] }
  | { type: 'textcard'; title: string; description: string; url: string; btntxt?: string }
  | { type: 'system'; content: string }

export interface StoredMessage {
  id: number
  convo: string
  /** real time of arrival (ISO) */
  at: string
  /** a userid, 'bot' or 'system' */
  sender: string
  channel: Channel
  body: Body
  /** the message this one answers (WeCom shows the quote) */
  quoteOf?: number
  /** stream replies: the bot's stream id and whether more content is coming */
  streamId?: string
  streaming?: boolean
  /** interactive cards: who clicks go to ('bot' callback or 'app' callback) */
  origin?: 'bot' | 'app'
  /** per-user card versions after update_template_card with userids */
  views?: Record<string, Json>
  /** per-user (or '*') greyed-out button text after update_template_card { button: { replace_name } } */
  replaced?: Record<string, string>
}

const MAX_PER_CONVO = 500

export class ChatStore {
  private messages: StoredMessage[] = []
  private seq = 0
  private listeners = new Set<(m: StoredMessage) => void>()
  version = 0

  constructor(private readonly clock: Clock = systemClock) {}

  private now(): Date {
    return this.clock.now()
  }

  add(m: Omit<StoredMessage, 'id' | 'at'>): StoredMessage {
    const msg: StoredMessage = { ...m, id: ++this.seq, at: this.now().toISOString() }
    this.messages.push(msg)
    const inConvo = this.messages.filter((x) => x.convo === msg.convo)
    if (inConvo.length > MAX_PER_CONVO) this.messages = this.messages.filter((x) => x !== inConvo[0])
    this.changed(msg)
    return msg
  }

  get(id: number): StoredMessage | undefined {
    return this.messages.find((m) => m.id === id)
  }

  update(id: number, patch: Partial<Omit<StoredMessage, 'id' | 'convo'>>): StoredMessage | undefined {
    const msg = this.get(id)
    if (!msg) return undefined
    Object.assign(msg, patch)
    this.changed(msg)
    return msg
  }

  /** update_template_card: for everyone (no userids) or only for the listed users. */
  updateCard(id: number, card: Json, userids?: string[]): StoredMessage | undefined {
    const msg = this.get(id)
    if (!msg || msg.body.type !== 'card') return undefined
    if (!userids || userids.length === 0) {
      msg.body = { type: 'card', card }
      msg.views = {}
      msg.replaced = {}
    } else {
      msg.views ??= {}
      for (const u of userids) {
        msg.views[u] = card
        if (msg.replaced) delete msg.replaced[u]
      }
    }
    this.changed(msg)
    return msg
  }

  /** update_template_card { button: { replace_name } }: grey out the buttons with that text. */
  replaceButton(id: number, name: string, userids?: string[]): StoredMessage | undefined {
    const msg = this.get(id)
    if (!msg || msg.body.type !== 'card') return undefined
    msg.replaced ??= {}
    for (const u of userids && userids.length ? userids : ['*']) msg.replaced[u] = name
    this.changed(msg)
    return msg
  }

  /** The card as `userid` sees it, and the replace_name that greys it out (if any). */
  cardFor(msg: StoredMessage, userid: string): { card: Json; replacedWith?: string } | undefined {
    if (msg.body.type !== 'card') return undefined
    const card = msg.views?.[userid] ?? msg.body.card
    const replacedWith = msg.replaced?.[userid] ?? msg.replaced?.['*']
    return replacedWith === undefined ? { card } : { card, replacedWith }
  }

  list(convo: string): StoredMessage[] {
    return this.messages.filter((m) => m.convo === convo)
  }

  findStream(streamId: string): StoredMessage | undefined {
    return this.messages.find((m) => m.streamId === streamId)
  }

  /** The newest card in any conversation whose task_id matches (bot card updates). */
  findCardByTask(taskId: string): StoredMessage | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!
      if (m.body.type === 'card' && m.body.card.task_id === taskId) return m
    }
    return undefined
  }

  all(): StoredMessage[] {
    return [...this.messages]
  }

  clear(): void {
    this.messages = []
    this.version++
    for (const l of this.listeners) l({ id: 0, convo: '*', at: this.now().toISOString(), sender: 'system', channel: 'system', body: { type: 'system', content: '' } })
  }

  subscribe(listener: (m: StoredMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(msg: StoredMessage): void {
    this.version++
    for (const l of this.listeners) l(msg)
  }
}
