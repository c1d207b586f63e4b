// WeCom's side of the callbacks: what a member does on the page becomes the callback WeCom would
// send — built, encrypted and signed exactly as WeCom does, POSTed to the bot's /wecom/bot (JSON,
// receiveid "") or /wecom/app (XML, receiveid = corpid) — and the bot's encrypted passive reply is
// opened and shown. Unfinished streams are polled with stream-refresh callbacks until they finish.
import { randomBytes } from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import { t } from '../i18n/index.js'
import { CallbackCrypto } from '../wecom/crypto.js'
import type { WecomStandin } from './wecom-standin/standin.js'
import { groupConvo, type Json, type StoredMessage } from './wecom-standin/store.js'
import { appCardEventXml, appEnvelope, cardFromXml } from './app-callback-xml.js'
import { showBotReply } from './reply-display.js'

export interface SenderOptions {
  /** e.g. http://127.0.0.1:3000 — where the bot's callback routes listen */
  botBase: () => string
  botName: string
  /** stream refresh poll interval (ms) */
  pollMs?: number
}

interface Ctx {
  as: string
  convo: string
  chatId?: string
  quoteOf?: number
  cardMessageId?: number
}

const xml = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: true, trimValues: true })
const MAX_POLLS = 360 // ≈ WeCom's 6 minutes of refresh polls
const rand = (n: number): string => randomBytes(n).toString('hex')

export class CallbackSender {
  private readonly bot: CallbackCrypto
  private readonly app: CallbackCrypto
  private stopped = false
  private pending = new Set<Promise<void>>()

  constructor(
    private readonly standin: WecomStandin,
    private readonly options: SenderOptions,
  ) {
    const { bot, app } = standin.creds
    this.bot = new CallbackCrypto(bot.token, bot.aesKey, '')
    this.app = new CallbackCrypto(app.token, app.aesKey, app.corpId)
  }

  /** A member says something in a group (mentioning the bot) or in their private chat. */
  sendText(as: string, convo: string, text: string): Promise<void> {
    const chatId = convo.startsWith('group:') ? convo.slice('group:'.length) : undefined
    const mention = '@' + this.options.botName
    const content = chatId && !text.startsWith(mention) ? (text === '' ? mention : `${mention} ${text}`) : text
    const said = this.standin.store.add({ convo, sender: as, channel: 'user', body: { type: 'text', content } })
    const body = { ...this.head(as, chatId, { convo, quoteOf: said.id }), msgtype: 'text', text: { content } }
    return this.track(convo, this.postBot(body, { as, convo, chatId, quoteOf: said.id }))
  }

  /** A member clicks a card button or submits a vote: the real template_card_event. */
  click(as: string, msg: StoredMessage, key: string, selected: { question_key: string; option_ids: string[] }[]): Promise<void> {
    const card = this.standin.store.cardFor(msg, as)?.card ?? {}
    const chatId = msg.convo.startsWith('group:') ? msg.convo.slice('group:'.length) : undefined
    const items = selected.map((s) => ({ question_key: s.question_key, option_ids: { option_id: s.option_ids } }))
    if (msg.origin === 'app') {
      const code = this.standin.newResponseCode([msg.id])
      const plain = appCardEventXml({ corpId: this.standin.creds.app.corpId, agentId: this.standin.creds.app.agentId, userid: as, createTime: this.seconds(), key, taskId: String(card.task_id ?? ''), cardType: String(card.card_type ?? ''), responseCode: code, selected })
      return this.track(msg.convo, this.postApp(plain, msg.id, as))
    }
    const event = {
      eventtype: 'template_card_event',
      template_card_event: { card_type: card.card_type, event_key: key, task_id: card.task_id, ...(items.length ? { selected_items: { selected_item: items } } : {}) },
    }
    const body = { ...this.head(as, chatId, { convo: msg.convo, quoteOf: msg.id }), create_time: Number(this.seconds()), msgtype: 'event', event }
    return this.track(msg.convo, this.postBot(body, { as, convo: msg.convo, chatId, quoteOf: msg.id, cardMessageId: msg.id }))
  }

  /** Waits for every exchange in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  stop(): void {
    this.stopped = true
  }

  private head(as: string, chatId: string | undefined, reply?: { convo: string; quoteOf: number }): Json {
    return {
      msgid: randomBytes(18).toString('base64'),
      aibotid: this.standin.creds.bot.aibotid,
      ...(chatId ? { chatid: chatId } : {}),
      chattype: chatId ? 'group' : 'single',
      from: { userid: as },
      ...(reply ? { response_url: this.standin.newResponseUrl({ ...reply, singleChat: !chatId }) } : {}),
    }
  }

  private track(convo: string, p: Promise<void>): Promise<void> {
    const done = p.catch((err: unknown) => this.note(convo, t('sandbox.botFailed', { reason: err instanceof Error ? err.message : String(err) })))
    this.pending.add(done)
    void done.finally(() => this.pending.delete(done))
    return done
  }

  private seconds(): string {
    return String(Math.floor(this.standin.clock.now().getTime() / 1000))
  }

  private note(convo: string, content: string): void {
    this.standin.store.add({ convo, sender: 'system', channel: 'system', body: { type: 'system', content } })
  }

  /** POSTs a signed, encrypted JSON callback; WeCom tries again on a failure (3 attempts in all). */
  private async postBot(body: Json, ctx: Ctx): Promise<void> {
    const timestamp = this.seconds()
    const nonce = rand(8)
    const sealed = this.bot.seal(JSON.stringify(body), timestamp, nonce)
    const url = `${this.options.botBase()}/wecom/bot?msg_signature=${sealed.signature}&timestamp=${timestamp}&nonce=${nonce}`
    const text = await this.post(url, JSON.stringify({ encrypt: sealed.encrypt }), 'application/json', ctx.convo)
    if (text === undefined || text === '') return
    let reply: Json
    try {
      const env = JSON.parse(text) as Json
      if (!this.bot.verify(String(env.timestamp), String(env.nonce), String(env.encrypt), String(env.msgsignature))) throw new Error('bad signature')
      reply = JSON.parse(this.bot.open(String(env.encrypt))) as Json
    } catch (err) {
      return this.note(ctx.convo, t('sandbox.badReply', { reason: err instanceof Error ? err.message : String(err) }))
    }
    await this.showBotReply(reply, ctx)
  }

  private async post(url: string, body: string, contentType: string, convo: string): Promise<string | undefined> {
    let last = ''
    for (let attempt = 1; attempt <= 3 && !this.stopped; attempt++) {
      try {
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': contentType } })
        const text = await res.text()
        if (res.ok) return text
        last = `HTTP ${res.status}`
        if (res.status < 500) break
      } catch (err) {
        last = err instanceof Error ? err.message : String(err)
      }
      await new Promise((r) => setTimeout(r, 500 * attempt))
    }
    this.note(convo, t('sandbox.botFailed', { reason: last || 'stopped' }))
    return undefined
  }

  private async showBotReply(reply: Json, ctx: Ctx): Promise<void> {
    const shown = showBotReply(this.standin, reply, ctx)
    if (shown.refused) this.note(ctx.convo, t('sandbox.badReply', { reason: shown.refused }))
    if (shown.pollStreamId) await this.poll(shown.pollStreamId, ctx)
  }

  /** Stream refresh callbacks (a new msgid each) until the bot says finish. */
  private async poll(streamId: string, ctx: Ctx): Promise<void> {
    for (let i = 0; i < MAX_POLLS && !this.stopped; i++) {
      await new Promise((r) => setTimeout(r, Math.min(this.options.pollMs ?? 1000, 250 * (i + 1))))
      const body = { ...this.head(ctx.as, ctx.chatId), msgtype: 'stream', stream: { id: streamId } }
      await this.postBot(body, { ...ctx, cardMessageId: undefined })
      const msg = this.standin.store.findStream(streamId)
      if (!msg?.streaming) return
    }
    const msg = this.standin.store.findStream(streamId)
    if (msg) this.standin.store.update(msg.id, { streaming: false })
  }

  /** POSTs an encrypted XML app callback and applies a passive update_button / update_template_card. */
  private async postApp(plain: string, messageId: number, as: string): Promise<void> {
    const msg = this.standin.store.get(messageId)
    const convo = msg?.convo ?? groupConvo('?')
    const timestamp = this.seconds()
    const nonce = rand(8)
    const sealed = this.app.seal(plain, timestamp, nonce)
    const url = `${this.options.botBase()}/wecom/app?msg_signature=${sealed.signature}&timestamp=${timestamp}&nonce=${nonce}`
    const text = await this.post(url, appEnvelope(this.standin.creds.app.corpId, this.standin.creds.app.agentId, sealed.encrypt), 'text/xml', convo)
    if (!text) return
    try {
      const env = (xml.parse(text) as Json).xml as Json
      if (!this.app.verify(String(env.TimeStamp), String(env.Nonce), String(env.Encrypt), String(env.MsgSignature))) throw new Error('bad signature')
      const reply = (xml.parse(this.app.open(String(env.Encrypt))) as Json).xml as Json
      if (reply.MsgType === 'update_button') this.standin.store.replaceButton(messageId, String((reply.Button as Json | undefined)?.ReplaceName ?? ''), [as])
      else if (reply.MsgType === 'update_template_card') this.standin.store.updateCard(messageId, cardFromXml(reply.TemplateCard as Json), [as])
      else if (reply.MsgType === 'text') this.standin.store.add({ convo, sender: 'bot', channel: 'app', body: { type: 'text', content: String(reply.Content ?? '') } })
    } catch (err) {
      this.note(convo, t('sandbox.badReply', { reason: err instanceof Error ? err.message : String(err) }))
    }
  }
}
