// The sandbox's WeCom side of the callbacks, against a stand-in bot: callbacks are signed and
// encrypted like WeCom's (receiveid ""), unfinished streams are polled with refresh callbacks
// until they finish, a stream's card is shown once, and a card click's update replaces the card.
import type { Server } from 'node:http'
import express from 'express'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CallbackCrypto } from '../../src/wecom/crypto.js'
import { CallbackSender } from '../../src/sandbox/callback-sender.js'
import { generateCredentials } from '../../src/sandbox/credentials.js'
import { WecomStandin } from '../../src/sandbox/wecom-standin/standin.js'
import type { Json } from '../../src/sandbox/wecom-standin/store.js'
import { FakeClock } from '../support/fake-clock.js'

const creds = generateCredentials()
const crypto = new CallbackCrypto(creds.bot.token, creds.bot.aesKey, '')
const CARD = { card_type: 'button_interaction', task_id: 'att_1', main_title: { title: '集中学习签到' }, button_list: [{ text: '签到', key: 'att:signin:1' }] }

let server: Server
let received: Json[]
let replies: ((body: Json) => Json | undefined)[]
let standin: WecomStandin
let sender: CallbackSender

beforeEach(async () => {
  received = []
  replies = []
  const bot = express()
  bot.post('/wecom/bot', express.text({ type: () => true }), (req, res) => {
    const { msg_signature = '', timestamp = '', nonce = '' } = req.query as Record<string, string | undefined>
    const { encrypt } = JSON.parse(req.body as string) as { encrypt: string }
    if (!crypto.verify(timestamp, nonce, encrypt, msg_signature)) return void res.status(403).end()
    const body = JSON.parse(crypto.open(encrypt)) as Json
    received.push(body)
    const reply = (replies.shift() ?? (() => undefined))(body)
    if (!reply) return void res.status(200).end()
    const sealed = crypto.seal(JSON.stringify(reply), timestamp, nonce)
    res.type('text/plain').send(JSON.stringify({ encrypt: sealed.encrypt, msgsignature: sealed.signature, timestamp: Number(timestamp), nonce }))
  })
  await new Promise<void>((resolve) => {
    server = bot.listen(0, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  standin = new WecomStandin(creds, 'http://127.0.0.1:9/sandbox/wecom', new FakeClock())
  sender = new CallbackSender(standin, { botBase: () => `http://127.0.0.1:${port}`, botName: '学习助手', pollMs: 5 })
})
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

const stream = (id: string, content: string, finish: boolean) => ({ msgtype: 'stream', stream: { id, content, finish } })

describe('callbacks from the sandbox to the bot', () => {
  it('sends the real text callback and follows an unfinished stream to the end, card once', async () => {
    replies.push(
      () => stream('s1', '正在处理…', false),
      () => ({ msgtype: 'stream_with_template_card', stream: { id: 's1', content: '一半', finish: false }, template_card: CARD }),
      () => ({ msgtype: 'stream_with_template_card', stream: { id: 's1', content: '已发起签到', finish: true }, template_card: CARD }),
    )
    await sender.sendText('wangshuji', 'group:wr-dyzb', '/发起签到 集中学习')
    await sender.idle()

    const [text, ...refreshes] = received
    expect(text).toMatchObject({
      msgtype: 'text', chatid: 'wr-dyzb', chattype: 'group', from: { userid: 'wangshuji' }, aibotid: creds.bot.aibotid,
      text: { content: '@学习助手 /发起签到 集中学习' }, response_url: expect.stringContaining('/cgi-bin/aibot/response?response_code='),
    })
    expect(refreshes).toHaveLength(2)
    for (const r of refreshes) expect(r).toMatchObject({ msgtype: 'stream', stream: { id: 's1' }, chatid: 'wr-dyzb', from: { userid: 'wangshuji' } })
    expect(new Set(received.map((r) => r.msgid)).size).toBe(3)

    const shown = standin.store.list('group:wr-dyzb')
    expect(shown.map((m) => [m.sender, m.body.type])).toEqual([['wangshuji', 'text'], ['bot', 'markdown'], ['bot', 'card']])
    expect(shown[1]).toMatchObject({ body: { content: '已发起签到' }, streaming: false })
  })

  it('a click sends template_card_event; an update for some users changes only their copy', async () => {
    const card = standin.store.add({ convo: 'group:wr-dyzb', sender: 'bot', channel: 'reply', body: { type: 'card', card: CARD }, origin: 'bot' })
    const updated = { ...CARD, sub_title_text: '张三 已签到', button_list: [{ text: '已签到', style: 2, key: 'att:signin:1' }] }
    replies.push(() => ({ response_type: 'update_template_card', userids: ['zhangsan'], template_card: updated }))
    await sender.click('zhangsan', card, 'att:signin:1', [])
    await sender.idle()
    expect(received[0]).toMatchObject({
      msgtype: 'event', chattype: 'group', chatid: 'wr-dyzb', from: { userid: 'zhangsan' },
      event: { eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: 'att:signin:1', task_id: 'att_1' } },
    })
    expect(standin.store.cardFor(card, 'zhangsan')!.card).toEqual(updated)
    expect(standin.store.cardFor(card, 'lisi')!.card).toEqual(CARD)
  })

  it('a private message is a single chat without a mention; a refused callback is shown as a note', async () => {
    await sender.sendText('zhangsan', 'user:zhangsan', '/我的')
    await sender.idle()
    expect(received[0]).toMatchObject({ chattype: 'single', text: { content: '/我的' } })
    expect(received[0]!.chatid).toBeUndefined()

    server.removeAllListeners('request')
    server.on('request', (_req, res) => res.writeHead(400).end())
    await sender.sendText('zhangsan', 'user:zhangsan', 'x')
    await sender.idle()
    expect(standin.store.list('user:zhangsan').at(-1)!.body).toMatchObject({ type: 'system', content: expect.stringContaining('HTTP 400') })
  })
})
