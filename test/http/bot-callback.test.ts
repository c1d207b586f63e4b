// /wecom/bot end to end: real encrypted callbacks over HTTP to an app built by createApp.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRegistry } from '../../commands/index.js'
import { defineCommand, noArgs } from '../../src/bot/command.js'
import { Registry } from '../../src/bot/registry.js'
import { streamIdFor } from '../../src/http/streams.js'
import { botCardEvent, botStreamRefresh, botText } from '../support/callback-client.js'
import { startHarness, type Harness } from './setup.js'

const GROUP = 'wr-dyzb'

describe('intelligent bot callbacks', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(() => h.close())

  it('answers URL verification with the decrypted echostr (percent-encoded + / =)', async () => {
    // Find an echostr whose ciphertext has all of + / = so the percent-encoding matters.
    let s = h.bot.sign('1616140317555161061')
    for (let i = 0; i < 200 && !/\+.*\/|\/.*\+/.test(s.encrypt); i++) s = h.bot.sign('1616140317555161061')
    expect(s.encrypt).toMatch(/\+/)
    const url = h.bot.url({ ...s.query, echostr: s.encrypt })
    expect(url).toContain('%2B')
    const res = await fetch(url)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('1616140317555161061')
    const v = await h.bot.verifyUrl('hello-echo')
    expect(v).toMatchObject({ status: 200, text: 'hello-echo' })
  })

  it('@学习助手 /帮助 in a group gets an encrypted stream reply with the help list', async () => {
    const msg = botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /帮助' })
    const r = await h.bot.send(msg)
    expect(r.status).toBe(200)
    const reply = r.json()
    expect(reply).toMatchObject({ msgtype: 'stream', stream: { id: streamIdFor(msg.msgid), finish: true } })
    expect(reply.stream.content).toContain('学习助手 · 可用命令')
    expect(reply.stream.content).toContain('/帮助')
    const inbound = await h.dbh.db.selectFrom('inbound_messages').select(['msgid', 'via', 'chat_id', 'userid']).execute()
    expect(inbound).toEqual([{ msgid: msg.msgid, via: 'bot', chat_id: GROUP, userid: 'zhangsan' }])
    // Finished in the first reply, the stream keeps no row; a refresh poll for it (WeCom sends none
    // for a finished stream) is still answered with the same content, from the stored reply.
    expect((await h.rows()).streams).toBe(0)
    const poll = await h.bot.send(botStreamRefresh({ streamId: reply.stream.id, userid: 'zhangsan', chatid: GROUP }))
    expect(poll.json()).toEqual(reply)
  })

  it('/帮助 帮助 shows usage and examples; an unknown command suggests names', async () => {
    const detail = await h.bot.send(botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /帮助 帮助' }))
    expect(detail.json().stream.content).toContain('用法：`/帮助 [命令名]`')
    expect(detail.json().stream.content).toContain('示例')
    const unknown = await h.bot.send(botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /帮主' }))
    expect(unknown.json().stream.content).toContain('没有“帮主”这个命令')
  })

  it('strips the mention however it is spaced, and works in a single chat without one', async () => {
    for (const content of ['@学习助手\u2005/帮助', '  @学习助手   帮助', '/help']) {
      const r = await h.bot.send(botText({ userid: 'lisi', chatid: content === '/help' ? undefined : GROUP, content }))
      expect(r.json().stream.content, content).toContain('学习助手 · 可用命令')
    }
  })

  it('a redelivered msgid gets the same reply and writes one row', async () => {
    const msg = botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /帮助' })
    const first = await h.bot.send(msg)
    const again = await h.bot.send(msg) // WeCom redelivers with a new timestamp and nonce
    expect(again.status).toBe(200)
    expect(again.json()).toEqual(first.json())
    expect((await h.rows()).inbound_messages).toBe(1)
    expect((await h.rows()).streams).toBe(0)
  })

  it('an unknown stream id is told to stop polling', async () => {
    const r = await h.bot.send(botStreamRefresh({ streamId: 'nope', userid: 'zhangsan' }))
    expect(r.json()).toEqual({ msgtype: 'stream', stream: { id: 'nope', finish: true, content: '' } })
    // made like ours, for a message never received; and not hex at all
    for (const id of [streamIdFor('never-received'), 'smzz']) {
      const again = await h.bot.send(botStreamRefresh({ streamId: id, userid: 'zhangsan' }))
      expect(again.json()).toEqual({ msgtype: 'stream', stream: { id, finish: true, content: '' } })
    }
    expect((await h.rows()).inbound_messages).toBe(0)
  })

  it('an event the bot does not handle gets an empty 200', async () => {
    const r = await h.bot.send({ msgid: 'ev-1', aibotid: 'A', chattype: 'single', from: { userid: 'zhangsan' }, msgtype: 'event', event: { eventtype: 'feedback_event', feedback_event: { id: 'f', type: 1 } } })
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
  })
})

/** A command whose run waits until the test releases it, and a card command. */
function slowRegistry() {
  const gate: { release: (text: string) => void; wait: Promise<string> } = {} as never
  gate.wait = new Promise((resolve) => (gate.release = resolve))
  const base = createRegistry().commands
  const slow = defineCommand({
    name: 'h1-slow', aliases: ['慢测试'], summary: 'cmd.help.summary', usage: 'cmd.help.usage', scope: 'any', role: 'member', parse: noArgs,
    run: async () => [await gate.wait, { type: 'markdown' as const, content: '第二条' }],
  })
  const slowCard = defineCommand({
    name: 'h1-slow-card', aliases: ['慢卡片'], summary: 'cmd.help.summary', usage: 'cmd.help.usage', scope: 'any', role: 'member', parse: noArgs, hidden: true,
    run: async () => [
      await gate.wait,
      { type: 'card' as const, card: { card_type: 'button_interaction' as const, main_title: { title: '第9题' }, task_id: 'h1t_9', button_list: [{ text: 'A', key: 'h1t_9_A' }] } },
    ],
  })
  const card = defineCommand({
    name: 'h1-card', aliases: ['卡片测试'], summary: 'cmd.help.summary', usage: 'cmd.help.usage', scope: 'any', role: 'member', parse: noArgs, hidden: true,
    run: async () => ({ type: 'card' as const, card: { card_type: 'button_interaction' as const, main_title: { title: '第1题' }, task_id: 'h1t_1', button_list: [{ text: 'A', key: 'h1t_1_A' }] } }),
    cardPrefixes: ['h1t_'],
    onCard: async (ctx, ev) => ({
      type: 'card_update' as const,
      userids: [ctx.sender.userid],
      card: { card_type: 'text_notice' as const, main_title: { title: `已选 ${ev.key.slice(-1)}` }, task_id: ev.taskId, card_action: { type: 1 as const, url: 'https://example.com' } },
    }),
  })
  return { gate, registry: new Registry([...base, slow, slowCard, card]) }
}

describe('slow commands', () => {
  let h: Harness
  let gate: ReturnType<typeof slowRegistry>['gate']
  const posted: { url: string; body: unknown }[] = []
  beforeEach(async () => {
    const s = slowRegistry()
    gate = s.gate
    posted.length = 0
    h = await startHarness({ registry: s.registry, callbacks: { replyBudgetMs: 30, postResponseUrl: async (url, body) => void posted.push({ url, body }) } })
  })
  afterEach(() => h.close())

  it('answers a placeholder stream, then refresh polls get the result from the database', async () => {
    const msg = botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /慢测试' })
    const r = await h.bot.send(msg)
    const id = streamIdFor(msg.msgid)
    expect(r.json()).toEqual({ msgtype: 'stream', stream: { id, finish: false, content: '正在处理，请稍候…' } })
    const early = await h.bot.send(botStreamRefresh({ streamId: id, userid: 'zhangsan', chatid: GROUP }))
    expect(early.json().stream).toEqual({ id, finish: false, content: '正在处理，请稍候…' })

    gate.release('**完成**：结果在此')
    await h.app.callbacks.idle()
    const done = await h.bot.send(botStreamRefresh({ streamId: id, userid: 'zhangsan', chatid: GROUP }))
    // Both texts in one answer, as a command within the budget would have given them.
    expect(done.json().stream).toEqual({ id, finish: true, content: '**完成**：结果在此\n\n第二条' })
    expect(await h.dbh.db.selectFrom('outbox').select('dedupe_key').execute()).toEqual([])
    expect(posted).toEqual([])
  })

  it('what a refresh poll cannot carry (a card after the text) follows through the outbox', async () => {
    const msg = botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /慢卡片' })
    const id = streamIdFor(msg.msgid)
    expect((await h.bot.send(msg)).json().stream.finish).toBe(false)
    gate.release('题目如下')
    await h.app.callbacks.idle()
    const done = await h.bot.send(botStreamRefresh({ streamId: id, userid: 'zhangsan', chatid: GROUP }))
    expect(done.json().stream).toEqual({ id, finish: true, content: '题目如下' })
    const outbox = await h.dbh.db.selectFrom('outbox').select(['dedupe_key', 'dest_kind', 'dest_id', 'payload']).execute()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ dedupe_key: `reply:${msg.msgid}:1`, dest_kind: 'group', dest_id: GROUP })
    expect(JSON.parse(outbox[0]!.payload)).toMatchObject({ type: 'card', card: { task_id: 'h1t_9' } })
  })

  it('another instance on the same database answers the refresh poll once the result is stored', async () => {
    const msg = botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /慢测试' })
    expect((await h.bot.send(msg)).json().stream.finish).toBe(false)
    gate.release('结果')
    await h.app.callbacks.idle()
    const other = await startHarness({ twinOf: h })
    try {
      const poll = await other.bot.send(botStreamRefresh({ streamId: streamIdFor(msg.msgid), userid: 'zhangsan', chatid: GROUP }))
      expect(poll.json().stream).toEqual({ id: streamIdFor(msg.msgid), finish: true, content: '结果\n\n第二条' })
    } finally {
      await other.close()
    }
  })

  it('a result that comes after the stream expired goes through response_url', async () => {
    const msg = botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /慢测试', responseUrl: 'https://qyapi.example/resp?response_code=X' })
    const r = await h.bot.send(msg)
    expect(r.json().stream.finish).toBe(false)
    h.clock.advanceMinutes(5)
    // WeCom's last polls: the stream is closed before its 6-minute limit.
    const poll = await h.bot.send(botStreamRefresh({ streamId: streamIdFor(msg.msgid), userid: 'zhangsan', chatid: GROUP }))
    expect(poll.json().stream.finish).toBe(true)
    gate.release('迟到的结果')
    await h.app.callbacks.idle()
    expect(posted).toEqual([{ url: 'https://qyapi.example/resp?response_code=X', body: { msgtype: 'markdown', markdown: { content: '迟到的结果' } } }])
  })
})

describe('cards', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness({ registry: slowRegistry().registry })
  })
  afterEach(() => h.close())

  it('a card reply is a template_card; a click is answered with update_template_card', async () => {
    const sent = await h.bot.send(botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /卡片测试' }))
    expect(sent.json()).toMatchObject({ msgtype: 'template_card', template_card: { card_type: 'button_interaction', task_id: 'h1t_1' } })
    const click = await h.bot.send(botCardEvent({ userid: 'zhangsan', chatid: GROUP, eventKey: 'h1t_1_B', taskId: 'h1t_1' }))
    expect(click.json()).toEqual({
      response_type: 'update_template_card',
      userids: ['zhangsan'],
      template_card: { card_type: 'text_notice', main_title: { title: '已选 B' }, task_id: 'h1t_1', card_action: { type: 1, url: 'https://example.com' } },
    })
  })
})
