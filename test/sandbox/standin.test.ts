// The WeCom stand-in answers like WeCom: real paths and shapes, limits and error codes, and each
// accepted message lands in the right conversation.
import { createHash } from 'node:crypto'
import type { Server } from 'node:http'
import express from 'express'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateCredentials } from '../../src/sandbox/credentials.js'
import { createStandinRouter } from '../../src/sandbox/wecom-standin/routes.js'
import { WecomStandin } from '../../src/sandbox/wecom-standin/standin.js'
import { FakeClock } from '../support/fake-clock.js'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

let server: Server
let base: string
let clock: FakeClock
let standin: WecomStandin
const creds = generateCredentials()
const KEY = creds.webhookKeys['wr-dyzb']!

beforeEach(async () => {
  clock = new FakeClock()
  const http = express()
  await new Promise<void>((resolve) => {
    server = http.listen(0, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/sandbox/wecom`
  standin = new WecomStandin(creds, base, clock)
  http.use('/sandbox/wecom', createStandinRouter(standin))
})
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function post(path: string, body: unknown): Promise<any> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  expect(res.status).toBe(200)
  return res.json()
}
const webhook = (body: unknown, key = KEY) => post(`/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, body)
const md = (content: string) => ({ msgtype: 'markdown', markdown: { content } })
const group = () => standin.store.list('group:wr-dyzb')
async function token(): Promise<string> {
  const res = await fetch(`${base}/cgi-bin/gettoken?corpid=${creds.app.corpId}&corpsecret=${creds.app.secret}`)
  return ((await res.json()) as { access_token: string }).access_token
}
async function upload(path: string, bytes: Buffer, filename: string): Promise<any> {
  const form = new FormData()
  form.append('media', new Blob([bytes]), filename)
  return (await fetch(base + path, { method: 'POST', body: form })).json()
}

describe('group robot webhook', () => {
  it('shows a message in the group the key belongs to, and 93000 for an unknown key', async () => {
    expect(await webhook(md('## 本周学习\n<@zhangsan>'))).toEqual({ errcode: 0, errmsg: 'ok' })
    expect(group().map((m) => m.body)).toEqual([{ type: 'markdown', content: '## 本周学习\n<@zhangsan>', flavor: 'v1' }])
    expect((await webhook(md('x'), 'not-a-key')).errcode).toBe(93000)
    expect(standin.store.list('group:wr-dezb')).toEqual([])
  })

  it('allows 20 messages a minute per key (45009 after that) and counts keys apart', async () => {
    for (let i = 0; i < 20; i++) expect((await webhook(md(`第${i}条`))).errcode).toBe(0)
    expect(await webhook(md('第21条'))).toEqual({ errcode: 45009, errmsg: 'api freq out of limit' })
    expect((await webhook(md('二支部'), creds.webhookKeys['wr-dezb']!)).errcode).toBe(0)
    clock.advanceSeconds(61)
    expect((await webhook(md('一分钟后'))).errcode).toBe(0)
    expect(group()).toHaveLength(21)
  })

  it('enforces byte limits, empty content, message types and JSON', async () => {
    expect((await webhook({ msgtype: 'text', text: { content: '字'.repeat(682) } })).errcode).toBe(0) // 2046 bytes
    expect((await webhook({ msgtype: 'text', text: { content: '字'.repeat(683) } })).errcode).toBe(45002) // 2049 bytes
    expect((await webhook(md('a'.repeat(4096)))).errcode).toBe(0)
    expect((await webhook(md('a'.repeat(4097)))).errcode).toBe(45002)
    expect((await webhook({ msgtype: 'text', text: { content: '' } })).errcode).toBe(44004)
    expect((await webhook({ msgtype: 'voiceover', voiceover: {} })).errcode).toBe(40008)
    expect((await webhook('{not json')).errcode).toBe(40035)
    const card = { card_type: 'button_interaction', task_id: 't1', main_title: { title: '签到' }, button_list: [{ text: '签到', key: 'k' }] }
    expect((await webhook({ msgtype: 'template_card', template_card: card })).errcode).toBe(40035)
    expect(group()).toHaveLength(2)
  })

  it('takes images with a matching md5 and files uploaded with the same key', async () => {
    const md5 = createHash('md5').update(PNG).digest('hex')
    expect((await webhook({ msgtype: 'image', image: { base64: PNG.toString('base64'), md5: '0'.repeat(32) } })).errcode).toBe(40035)
    expect((await webhook({ msgtype: 'image', image: { base64: PNG.toString('base64'), md5 } })).errcode).toBe(0)
    const tiny = await upload(`/cgi-bin/webhook/upload_media?key=${KEY}&type=file`, Buffer.from('abc'), 'a.txt')
    expect(tiny.errcode).toBe(40006)
    const up = await upload(`/cgi-bin/webhook/upload_media?key=${KEY}&type=file`, Buffer.from('姓名,考勤\n张三,出席\n'), '考勤.csv')
    expect(up).toMatchObject({ errcode: 0, type: 'file', media_id: expect.any(String) })
    expect((await webhook({ msgtype: 'file', file: { media_id: up.media_id } }, creds.webhookKeys['wr-dezb']!)).errcode).toBe(40007)
    expect((await webhook({ msgtype: 'file', file: { media_id: up.media_id } })).errcode).toBe(0)
    const [image, file] = group()
    expect(image!.body.type).toBe('image')
    expect(file!.body).toMatchObject({ type: 'file', filename: '考勤.csv' })
    expect(standin.media.get(up.media_id)!.data.toString()).toBe('姓名,考勤\n张三,出席\n')
  })
})

describe('self-built app', () => {
  it('gives tokens for the right corp id and secret only, and refuses missing, wrong and expired tokens', async () => {
    expect(((await (await fetch(`${base}/cgi-bin/gettoken?corpid=${creds.app.corpId}&corpsecret=nope`)).json()) as any).errcode).toBe(40001)
    expect(((await (await fetch(`${base}/cgi-bin/gettoken?corpid=wwnope&corpsecret=${creds.app.secret}`)).json()) as any).errcode).toBe(40013)
    const t = await token()
    expect(await token()).toBe(t)
    const msg = { touser: 'zhangsan', msgtype: 'text', agentid: creds.app.agentId, text: { content: '你好' } }
    expect((await post('/cgi-bin/message/send', msg)).errcode).toBe(41001)
    expect((await post('/cgi-bin/message/send?access_token=forged', msg)).errcode).toBe(40014)
    expect((await post(`/cgi-bin/message/send?access_token=${t}`, msg)).errcode).toBe(0)
    clock.advanceSeconds(7201)
    expect((await post(`/cgi-bin/message/send?access_token=${t}`, msg)).errcode).toBe(42001)
    expect(standin.store.list('user:zhangsan')).toHaveLength(1)
  })

  it('sends to known users (unknown ones listed as invalid, 81013 when none is known) with the right agentid', async () => {
    const t = await token()
    const send = (touser: string, agentid = creds.app.agentId) => post(`/cgi-bin/message/send?access_token=${t}`, { touser, agentid, msgtype: 'markdown', markdown: { content: '**周报**' } })
    expect(await send('wangshuji|Nobody')).toMatchObject({ errcode: 0, invaliduser: 'nobody' })
    expect((await send('nobody')).errcode).toBe(81013)
    expect((await send('wangshuji', 999)).errcode).toBe(40056)
    expect(standin.store.list('user:wangshuji').map((m) => m.body)).toEqual([{ type: 'markdown', content: '**周报**', flavor: 'v1' }])
  })

  it('shows $userName=…$ as the name only when the sender asks for id translation', async () => {
    const t = await token()
    const send = (extra: object) =>
      post(`/cgi-bin/message/send?access_token=${t}`, { touser: 'wangshuji', agentid: creds.app.agentId, msgtype: 'text', text: { content: '缺席：$userName=zhouba$' }, ...extra })
    await send({ enable_id_trans: 1 })
    await send({})
    expect(standin.store.list('user:wangshuji').map((m) => (m.body as { content: string }).content)).toEqual(['缺席：周八', '缺席：$userName=zhouba$'])
  })

  it('returns a response_code for an interactive card; update_template_card uses it once', async () => {
    const t = await token()
    const card = { card_type: 'button_interaction', task_id: 'leave_1', main_title: { title: '请假申请' }, button_list: [{ text: '批准', key: 'approve' }] }
    const sent = await post(`/cgi-bin/message/send?access_token=${t}`, { touser: 'wangshuji', agentid: creds.app.agentId, msgtype: 'template_card', template_card: card })
    expect(sent).toMatchObject({ errcode: 0, response_code: expect.any(String) })
    const update = { agentid: creds.app.agentId, response_code: sent.response_code, button: { replace_name: '已批准' } }
    expect((await post(`/cgi-bin/message/update_template_card?access_token=${t}`, update)).errcode).toBe(0)
    const again = await post(`/cgi-bin/message/update_template_card?access_token=${t}`, update)
    expect(again).toEqual({ errcode: 40035, errmsg: 'response_code has been used' })
    const [msg] = standin.store.list('user:wangshuji')
    expect(standin.store.cardFor(msg!, 'wangshuji')).toEqual({ card, replacedWith: '已批准' })
  })

  it('drops messages over 30 a minute per member silently (errcode 0), as WeCom does', async () => {
    const t = await token()
    for (let i = 0; i < 31; i++) {
      const r = await post(`/cgi-bin/message/send?access_token=${t}`, { touser: 'lisi', agentid: creds.app.agentId, msgtype: 'text', text: { content: `第${i}条` } })
      expect(r.errcode).toBe(0)
    }
    const convo = standin.store.list('user:lisi')
    expect(convo.filter((m) => m.sender === 'bot')).toHaveLength(30)
    expect(convo.at(-1)!.body).toMatchObject({ type: 'system' })
  })
})

describe('response_url', () => {
  it('is usable once, shows the reply quoting the message, and expires after an hour', async () => {
    const said = standin.store.add({ convo: 'group:wr-dyzb', sender: 'zhangsan', channel: 'user', body: { type: 'text', content: '@学习助手 /导出' } })
    const url = standin.newResponseUrl({ convo: 'group:wr-dyzb', quoteOf: said.id, singleChat: false })
    expect(url.startsWith(`${base}/cgi-bin/aibot/response?response_code=`)).toBe(true)
    const path = url.slice(base.length)
    const card = { card_type: 'text_notice', main_title: { title: '导出完成' }, card_action: { type: 1, url: 'https://example.com' } }
    expect((await post(path, { msgtype: 'template_card', template_card: card })).errcode).toBe(40035) // groups: markdown only
    expect((await post(path, md('导出完成'))).errcode).toBe(0)
    expect(await post(path, md('再来一次'))).toEqual({ errcode: 40035, errmsg: 'response_code has been used' })
    expect(group().at(-1)).toMatchObject({ sender: 'bot', channel: 'response_url', quoteOf: said.id, body: { content: '导出完成' } })

    const late = standin.newResponseUrl({ convo: 'user:zhangsan', singleChat: true }).slice(base.length)
    clock.advanceSeconds(3601)
    expect(await post(late, md('太晚了'))).toEqual({ errcode: 40035, errmsg: 'response_code expired' })
  })
})
