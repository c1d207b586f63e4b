// Long-connection mode end to end: the official @wecom/aibot-node-sdk WSClient against a local
// WebSocket server that speaks WeCom's frames; createApp wires it exactly as production does.
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRegistry } from '../../commands/index.js'
import { createApp, type App } from '../../src/app.js'
import { defineCommand, noArgs } from '../../src/bot/command.js'
import { Registry } from '../../src/bot/registry.js'
import { streamIdFor } from '../../src/http/streams.js'
import { Chat } from '../support/chat.js'
import { FakeClock } from '../support/fake-clock.js'
import { FakeLongConnServer } from '../support/fake-longconn-server.js'
import { testConfig } from '../support/test-config.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

const GROUP = 'wr-dyzb'

// A card command so that a click can be answered (no feature command exists in this suite).
const quiz = defineCommand({
  name: 'longconn-test-card',
  aliases: ['长连接测试卡'],
  summary: 'cmd.help.summary',
  usage: 'cmd.help.usage',
  scope: 'any',
  role: 'member',
  parse: noArgs,
  async run() {
    return [
      '请作答：',
      { type: 'card', card: { card_type: 'vote_interaction', main_title: { title: '第1题' }, task_id: 'lctest_1', checkbox: { question_key: 'q1', option_list: [{ id: 'A', text: '甲' }] }, submit_button: { text: '提交', key: 'lctest_submit' } } },
      { type: 'markdown', content: '还有第二条消息' },
    ]
  },
  cardPrefixes: ['lctest_'],
  async onCard(ctx, ev) {
    return [
      { type: 'card_update', card: { card_type: 'text_notice', main_title: { title: `已提交：${ev.selected[0]?.optionIds.join(',')}` } }, userids: [ctx.sender.userid] },
      { type: 'markdown', content: `${ctx.sender.userid} 已作答` },
    ]
  },
})

let ws: FakeLongConnServer
let dbh: TestDb
let app: App
let clock: FakeClock

beforeEach(async () => {
  ws = await FakeLongConnServer.start()
  dbh = await createTestDb()
  clock = new FakeClock()
  const config = testConfig({ WECOM_MODE: 'longconn', WECOM_BOT_ID: 'bot-test', WECOM_BOT_SECRET: 'bot-secret-123456', WECOM_WS_URL: ws.url })
  const registry = new Registry([...createRegistry().commands, quiz])
  app = await createApp({ config, clock, dbh, registry, logger: pino({ level: 'silent' }), longconn: { heartbeatIntervalMs: 40 } })
  await app.start()
  await ws.authenticated()
  await app.longconn!.ready()
})
afterEach(async () => {
  await app.stop()
  await ws.close()
  await dbh.drop()
})

async function say(text: string, options: { userid?: string; chat?: string } = {}) {
  const body = options.chat === undefined ? FakeLongConnServer.groupText(GROUP, options.userid ?? 'zhangsan', text) : FakeLongConnServer.singleText(options.userid ?? 'zhangsan', text)
  const reqId = ws.pushMessage(body)
  const frame = await ws.waitFor('aibot_respond_msg', (f) => f.headers.req_id === reqId)
  return { frame, msgid: body.msgid, reqId }
}

describe('long connection through the official SDK', () => {
  it('subscribes with bot id and secret, and pings are answered with the same req_id', async () => {
    expect(ws.sent('aibot_subscribe')[0]!.body).toMatchObject({ bot_id: 'bot-test', secret: 'bot-secret-123456' })
    const ping = await ws.waitFor('ping')
    expect(ping.headers.req_id).toMatch(/^ping_/)
    expect(app.longconn!.connected).toBe(true)
  })

  it('@学习助手 /帮助 in a group: a finished stream reply on the callback req_id, same text as URL mode', async () => {
    const { frame, msgid } = await say('@学习助手 /帮助')
    expect(frame.body).toMatchObject({ msgtype: 'stream', stream: { id: streamIdFor(msgid), finish: true } })
    expect(frame.body.stream.content).toContain('学习助手 · 可用命令')
    // The same command through the dispatcher directly (what URL mode puts in its stream).
    const direct = await new Chat(app.deps).say('lisi', '/帮助')
    expect(frame.body.stream.content).toBe(direct.text)
    const inbound = await dbh.db.selectFrom('inbound_messages').select(['msgid', 'via', 'chat_id', 'userid']).where('msgid', '=', msgid).execute()
    expect(inbound).toEqual([{ msgid, via: 'longconn', chat_id: GROUP, userid: 'zhangsan' }])
  })

  it('/帮助 帮助 shows usage and examples; an unknown command gets suggestions', async () => {
    const detail = await say('@学习助手 /帮助 帮助')
    expect(detail.frame.body.stream.content).toContain('用法：`/帮助 [命令名]`')
    expect(detail.frame.body.stream.content).toContain('示例')
    const unknown = await say('@学习助手 /帮主')
    expect(unknown.frame.body.stream.content).toContain('没有“帮主”这个命令')
    expect(unknown.frame.body.stream.content).toContain('/帮助')
  })

  it('works in a single chat and marks every conversation that spoke as reachable', async () => {
    const { frame } = await say('/help', { chat: 'single', userid: 'wangshuji' })
    expect(frame.body.stream.content).toContain('可用命令')
    await say('@学习助手 帮助')
    const chats = await dbh.db.selectFrom('chats').select(['chat_id', 'type', 'longconn_ok']).orderBy('chat_id').execute()
    expect(chats.map((c) => ({ ...c, longconn_ok: Number(c.longconn_ok) }))).toEqual([
      { chat_id: 'wangshuji', type: 'single', longconn_ok: 1 },
      { chat_id: GROUP, type: 'group', longconn_ok: 1 },
    ])
  })

  it('a repeated msgid is answered the same way and handled once', async () => {
    const body = FakeLongConnServer.groupText(GROUP, 'zhangsan', '@学习助手 /帮助', 'dup-msg')
    const r1 = ws.pushMessage(body)
    const a = await ws.waitFor('aibot_respond_msg', (f) => f.headers.req_id === r1)
    const r2 = ws.pushMessage(body)
    const b = await ws.waitFor('aibot_respond_msg', (f) => f.headers.req_id === r2)
    expect(b.body).toEqual(a.body)
    expect(await dbh.db.selectFrom('inbound_messages').selectAll().where('msgid', '=', 'dup-msg').execute()).toHaveLength(1)
  })

  it('stream with card in one reply; the rest is sent proactively with aibot_send_msg via the outbox', async () => {
    const { frame, msgid } = await say('@学习助手 /长连接测试卡')
    expect(frame.body).toMatchObject({ msgtype: 'stream_with_template_card', stream: { content: '请作答：', finish: true }, template_card: { task_id: 'lctest_1' } })
    const pushed = await ws.waitFor('aibot_send_msg')
    expect(pushed.body).toEqual({ chatid: GROUP, msgtype: 'markdown', markdown: { content: '还有第二条消息' } })
    const row = await dbh.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', `reply:${msgid}:2`).executeTakeFirstOrThrow()
    await expect.poll(async () => (await dbh.db.selectFrom('outbox').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('sent')
  })

  it('a card click is answered with aibot_respond_update_msg on the event req_id (task_id kept)', async () => {
    const reqId = ws.pushEvent({
      msgid: 'ev-1', aibotid: 'bot-test', chatid: GROUP, chattype: 'group', from: { userid: 'lisi' }, msgtype: 'event', create_time: 1764000000,
      event: { eventtype: 'template_card_event', template_card_event: { card_type: 'vote_interaction', event_key: 'lctest_submit', task_id: 'lctest_1', selected_items: { selected_item: [{ question_key: 'q1', option_ids: { option_id: ['A'] } }] } } },
    })
    const update = await ws.waitFor('aibot_respond_update_msg', (f) => f.headers.req_id === reqId)
    expect(update.body).toEqual({
      response_type: 'update_template_card',
      userids: ['lisi'],
      template_card: { card_type: 'text_notice', main_title: { title: '已提交：A' }, task_id: 'lctest_1' },
    })
    expect(ws.sent('aibot_respond_msg').filter((f) => f.headers.req_id === reqId)).toEqual([])
    const notice = await ws.waitFor('aibot_send_msg', (f) => f.body.markdown?.content === 'lisi 已作答')
    expect(notice.body.chatid).toBe(GROUP)
  })

  it('enter_chat is answered with aibot_respond_welcome_msg (text)', async () => {
    const reqId = ws.pushEvent({ msgid: 'ev-enter', aibotid: 'bot-test', chattype: 'single', from: { userid: 'zhouba' }, msgtype: 'event', create_time: 1764000000, event: { eventtype: 'enter_chat' } })
    const welcome = await ws.waitFor('aibot_respond_welcome_msg', (f) => f.headers.req_id === reqId)
    expect(welcome.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('/帮助') } })
  })

  it('a proactive send refused by WeCom (93006) is dead at once with the reason kept', async () => {
    await say('@学习助手 /帮助') // the group becomes reachable
    ws.failNextAck('aibot_send_msg', 93006, 'invalid chatid')
    await app.deps.outbox.enqueue(app.deps.db, { to: { kind: 'group', chatId: GROUP }, message: { type: 'markdown', content: '本周任务' }, key: 'push-1' })
    app.deps.outbox.wake()
    await expect.poll(async () => (await dbh.db.selectFrom('outbox').select('status').where('dedupe_key', '=', 'push-1').executeTakeFirst())?.status).toBe('dead')
    const row = await dbh.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', 'push-1').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ channel: 'longconn', attempts: 1 })
    expect(row.last_error).toContain('93006')
  })
})
