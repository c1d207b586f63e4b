// npm run chat -- --as zhangsan [--group wr-dyzb | --private] [--url http://127.0.0.1:3000]
// A line-oriented chat with a running sandbox (npm start) as one demo member. It uses the same
// endpoints as the sandbox page, so every line travels to the bot as a real WeCom callback.
import { createInterface } from 'node:readline'
import { t } from '../i18n/index.js'
import { messageToPlain } from '../sandbox/plain-text.js'
import type { MessageView } from '../sandbox/view.js'

interface State {
  people: { userid: string; name: string }[]
  groups: { chatId: string; convo: string; name: string; members: string[] }[]
}

function args(argv: string[]): { as?: string; group?: string; private: boolean; url: string } {
  const out = { as: undefined as string | undefined, group: undefined as string | undefined, private: false, url: 'http://127.0.0.1:3000' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--as') out.as = argv[++i]
    else if (a === '--group') out.group = argv[++i]
    else if (a === '--private') out.private = true
    else if (a === '--url') out.url = (argv[++i] ?? out.url).replace(/\/+$/, '')
  }
  return out
}

async function main(): Promise<void> {
  const opts = args(process.argv.slice(2))
  if (!opts.as) {
    console.error(t('sandbox.cli.usage'))
    process.exit(2)
  }
  const api = async (path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${opts.url}/sandbox/api/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const data = (await res.json().catch(() => ({}))) as { error?: string }
    if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`)
    return data
  }
  let state: State
  try {
    state = (await api('state')) as State
  } catch (err) {
    console.error(t('sandbox.cli.connectFailed', { url: opts.url, reason: err instanceof Error ? err.message : String(err) }))
    process.exit(1)
  }
  const names = Object.fromEntries(state.people.map((p) => [p.userid, p.name]))
  const as = opts.as
  if (!names[as]) {
    console.error(t('sandbox.cli.unknownMember', { userid: as, list: state.people.map((p) => p.userid).join(', ') }))
    process.exit(2)
  }
  const group = opts.private ? undefined : state.groups.find((g) => (opts.group ? g.chatId === opts.group : g.members.includes(as)))
  const convo = group ? group.convo : `user:${as}`
  console.log(t('sandbox.cli.welcome', { name: names[as]!, userid: as, chat: group?.name ?? t('sandbox.page.private') }))

  const shown = new Map<number, string>()
  let latest: MessageView[] = []
  const load = async (print: boolean) => {
    const data = (await api(`messages?as=${encodeURIComponent(as)}&convo=${encodeURIComponent(convo)}`)) as { messages: MessageView[] }
    latest = data.messages
    for (const m of data.messages) {
      if (m.streaming) continue
      const text = messageToPlain(m, names)
      const before = shown.get(m.id)
      if (before === text) continue
      shown.set(m.id, text)
      if (!print || m.sender === as) continue
      const who = m.sender === 'system' ? '' : `${m.senderName}${before !== undefined ? t('sandbox.cli.updated') : ''}：`
      console.log(`${who}${text.includes('\n') ? '\n' : ''}${text}\n`)
    }
  }
  await load(false)
  const timer = setInterval(() => void load(true).catch(() => {}), 700)

  const rl = createInterface({ input: process.stdin, terminal: false })
  rl.on('line', (line) => {
    void (async () => {
      try {
        if (line.startsWith('!')) await click(line.slice(1).trim())
        else await api('send', { as, convo, text: line })
      } catch (err) {
        console.error(err instanceof Error ? err.message : String(err))
      }
    })()
  })
  rl.on('close', () => {
    setTimeout(() => {
      clearInterval(timer)
      void load(true).finally(() => process.exit(0))
    }, 3000)
  })

  /** "!签到" presses that button on the newest card; "!B" picks option B of a vote and submits. */
  async function click(what: string): Promise<void> {
    for (const m of [...latest].reverse()) {
      if (m.body.type !== 'card') continue
      const card = m.body.card
      const button = (card.button_list ?? []).find((b: any) => b.text === what || b.key === what)
      if (button) return void (await api('click', { as, messageId: m.id, key: button.key, selected: [] }))
      const option = (card.checkbox?.option_list ?? []).find((o: any) => o.id === what || o.text === what)
      if (option && card.submit_button) {
        return void (await api('click', { as, messageId: m.id, key: card.submit_button.key, selected: [{ question_key: card.checkbox.question_key, option_ids: [option.id] }] }))
      }
    }
    console.error(t('sandbox.cli.noButton', { what }))
  }
}

void main()
