// A conversation driver: say things as members, click cards, read what the bot answers.
// It goes through the real dispatcher (dedupe, roster, router, commands) without the transport.
import { createRegistry } from '../../commands/index.js'
import { createDispatcher, type DispatchResult, type Dispatcher } from '../../src/bot/dispatch.js'
import type { CardEvent, Incoming } from '../../src/bot/incoming.js'
import type { Deps } from '../../src/deps.js'
import type { OutMessage } from '../../src/wecom/types.js'

export const GROUP = 'wr-dyzb'

export interface Said extends DispatchResult {
  /** All text and markdown replies joined by blank lines (cards: their titles). */
  text: string
}

export function renderText(messages: OutMessage[]): string {
  return messages
    .map((m) => {
      if (m.type === 'markdown' || m.type === 'text') return m.content
      if (m.type === 'card') return [m.card.main_title?.title, m.card.main_title?.desc, m.card.sub_title_text].filter(Boolean).join('\n')
      if (m.type === 'file') return `[文件] ${m.filename}`
      return '[图片]'
    })
    .join('\n\n')
}

export class Chat {
  readonly dispatcher: Dispatcher
  private seq = 0
  constructor(
    readonly deps: Deps,
    readonly botName = deps.config.botName,
  ) {
    this.dispatcher = createDispatcher(deps, createRegistry())
  }

  /** Says text in a group (default the demo group) as `userid`, @-mentioning the bot. */
  say(userid: string, text: string, options: { chat?: string; msgid?: string; mention?: boolean } = {}): Promise<Said> {
    const chatId = options.chat ?? GROUP
    const content = options.mention === false ? text : `@${this.botName} ${text}`
    return this.deliver({ ...this.base(userid, { id: chatId, type: 'group' }, options.msgid), kind: 'text', text: stripBot(content, this.botName), raw: content })
  }

  /** Says text in the user's private chat with the bot. */
  private_(userid: string, text: string, options: { msgid?: string } = {}): Promise<Said> {
    return this.deliver({ ...this.base(userid, { id: userid, type: 'single' }, options.msgid), kind: 'text', text, raw: text })
  }

  click(userid: string, event: Partial<CardEvent> & { key: string }, options: { chat?: string; single?: boolean } = {}): Promise<Said> {
    const chat = options.single ? { id: userid, type: 'single' as const } : { id: options.chat ?? GROUP, type: 'group' as const }
    const ev: CardEvent = { taskId: event.taskId ?? '', cardType: event.cardType ?? 'button_interaction', selected: event.selected ?? [], ...event }
    return this.deliver({ ...this.base(userid, chat), kind: 'card_event', text: '', event: ev, raw: JSON.stringify(ev) })
  }

  async deliver(incoming: Incoming): Promise<Said> {
    const result = await this.dispatcher.handle(incoming)
    return { ...result, text: renderText(result.messages) }
  }

  private base(userid: string, chat: Incoming['chat'], msgid?: string) {
    return { msgid: msgid ?? `msg-${++this.seq}-${Math.random().toString(36).slice(2)}`, via: 'bot' as const, chat, userid }
  }
}

function stripBot(text: string, botName: string): string {
  return text.startsWith('@' + botName) ? text.slice(botName.length + 1).trim() : text.trim()
}
