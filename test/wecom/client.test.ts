import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WecomApiError, WecomHttpError } from '../../src/errors.js'
import { createWecomClient, type WecomClient } from '../../src/wecom/client.js'
import { md5Hex } from '../../src/wecom/payloads.js'
import { FakeClock } from '../support/fake-clock.js'
import { FakeWecomServer } from '../support/fake-wecom-server.js'

const KEY = 'webhook-key-abcdef123456'
let server: FakeWecomServer
let clock: FakeClock
let client: WecomClient

beforeEach(async () => {
  server = await FakeWecomServer.start()
  clock = new FakeClock()
  client = createWecomClient(
    { apiBase: server.url, app: { corpId: server.corpId, secret: server.secret, agentId: 1000002 } },
    clock,
    { timeoutMs: 300 },
  )
})
afterEach(() => server.close())

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a failure')
}

describe('group-robot webhook', () => {
  it('sends text with mentions and markdown exactly as WeCom expects', async () => {
    await client.webhook.send(KEY, { type: 'text', content: '请大家签到', mentions: ['zhangsan', '@all'] })
    await client.webhook.send(KEY, { type: 'markdown', content: '**本周任务**\n> 第一章' })
    expect(server.callsTo('webhook/send').map((c) => [c.query.key, c.body])).toEqual([
      [KEY, { msgtype: 'text', text: { content: '请大家签到', mentioned_list: ['zhangsan', '@all'] } }],
      [KEY, { msgtype: 'markdown', markdown: { content: '**本周任务**\n> 第一章' } }],
    ])
  })

  it('cuts Chinese text at 2048 and markdown at 4096 UTF-8 bytes without splitting a character', async () => {
    await client.webhook.send(KEY, { type: 'text', content: '学'.repeat(1000) })
    await client.webhook.send(KEY, { type: 'markdown', content: 'a' + '习'.repeat(2000) })
    const [text, md] = server.callsTo('webhook/send').map((c) => c.body)
    expect(bytes(text.text.content)).toBeLessThanOrEqual(2048)
    expect(text.text.content).toMatch(/^学+…$/)
    expect(bytes(text.text.content)).toBeGreaterThan(2048 - 6)
    expect(bytes(md.markdown.content)).toBeLessThanOrEqual(4096)
    expect(md.markdown.content).toMatch(/^a习+…$/)
    expect(md.markdown.content).not.toContain('\ufffd')
  })

  it('sends an image as base64 with the md5 of the raw bytes', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    await client.webhook.send(KEY, { type: 'image', base64: png.toString('base64') })
    expect(server.callsTo('webhook/send')[0]!.body).toEqual({ msgtype: 'image', image: { base64: png.toString('base64'), md5: md5Hex(png) } })
  })

  it('uploads a file as multipart part "media" with filename and filelength, then sends its media_id', async () => {
    const content = Buffer.from('姓名,签到\n张三,5\n', 'utf8')
    await client.webhook.send(KEY, { type: 'file', filename: '考勤 本月.csv', base64: content.toString('base64') })
    const [upload] = server.callsTo('webhook/upload_media')
    expect(upload!.query).toEqual({ key: KEY, type: 'file' })
    expect(upload!.file).toMatchObject({ name: 'media', filename: '考勤 本月.csv', filelength: content.length })
    expect(upload!.file!.bytes.equals(content)).toBe(true)
    expect(server.callsTo('webhook/send')[0]!.body).toEqual({ msgtype: 'file', file: { media_id: 'media-1' } })
  })

  it('sends text_notice cards as template_card and interactive cards as readable markdown', async () => {
    const notice = { card_type: 'text_notice' as const, main_title: { title: '本周学习任务' }, card_action: { type: 1 as const, url: 'https://example.com' } }
    await client.webhook.send(KEY, { type: 'card', card: notice })
    await client.webhook.send(KEY, { type: 'card', card: { card_type: 'button_interaction', main_title: { title: '签到' }, task_id: 't1', button_list: [{ text: '签到', key: 'k' }] } })
    const [card, fallback] = server.callsTo('webhook/send').map((c) => c.body)
    expect(card).toEqual({ msgtype: 'template_card', template_card: notice })
    expect(fallback).toEqual({ msgtype: 'markdown', markdown: { content: '**签到**' } })
  })

  it('an interactive card with its own fallback sends that text, or nothing when the fallback is empty', async () => {
    const button = { card_type: 'button_interaction' as const, main_title: { title: '签到' }, task_id: 't2', button_list: [{ text: '签到', key: 'k' }] }
    await client.webhook.send(KEY, { type: 'card', card: button, fallback: '请 @学习助手 发送 /签到' })
    await client.webhook.send(KEY, { type: 'card', card: button, fallback: '' })
    expect(server.callsTo('webhook/send').map((c) => c.body)).toEqual([{ msgtype: 'markdown', markdown: { content: '请 @学习助手 发送 /签到' } }])
  })

  it('an errcode becomes WecomApiError with code and api, and the key is not in the message', async () => {
    server.invalidKeys.add(KEY)
    const err = await caught(client.webhook.send(KEY, { type: 'markdown', content: 'x' }))
    expect(err).toBeInstanceOf(WecomApiError)
    expect(err).toMatchObject({ errcode: 93000, api: 'webhook/send', retryable: false })
    expect(err.message).toContain('webhook 地址无效')
    expect(err.message).not.toContain(KEY)
  })

  it('45009 and -1 are retryable API errors', async () => {
    server.failNext(1, { errcode: 45009, errmsg: 'api freq out of limit' })
    server.failNext(1, { errcode: -1, errmsg: 'system busy' })
    expect(await caught(client.webhook.send(KEY, { type: 'text', content: 'a' }))).toMatchObject({ errcode: 45009, retryable: true })
    expect(await caught(client.webhook.send(KEY, { type: 'text', content: 'a' }))).toMatchObject({ errcode: -1, retryable: true })
  })

  it.each([
    ['HTTP 500', { http: 500 }, 500],
    ['an answer that is not JSON', { body: '<html>502 Bad Gateway</html>' }, 200],
    ['a timeout', { timeout: true as const }, undefined],
    ['a lost answer', { lost: true as const }, undefined],
  ])('%s becomes WecomHttpError without secrets', async (_name, failure, status) => {
    server.failNext(1, failure)
    const err = await caught(client.webhook.send(KEY, { type: 'text', content: 'a' }))
    expect(err).toBeInstanceOf(WecomHttpError)
    expect(err).toMatchObject({ api: 'webhook/send', status, retryable: true })
    expect(err.message).not.toContain(KEY)
    expect(JSON.stringify({ ...err, cause: String((err as WecomHttpError).cause) })).not.toContain(KEY)
  })
})

describe('self-built app', () => {
  it('fetches the token once for concurrent calls and reuses it until 60 s before expiry', async () => {
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.app.send(`user${i}`, { type: 'text', content: '你好' })))
    expect(server.callsTo('gettoken')).toHaveLength(1)
    expect(server.callsTo('gettoken')[0]!.query).toEqual({ corpid: server.corpId, corpsecret: server.secret })
    expect(server.callsTo('message/send').map((c) => c.query.access_token)).toEqual(Array(5).fill('token-1'))

    clock.advanceSeconds(7200 - 61)
    await client.app.send('zhangsan', { type: 'text', content: '还在有效期' })
    expect(server.callsTo('gettoken')).toHaveLength(1)
    clock.advanceSeconds(2)
    await Promise.all([client.app.send('a', { type: 'text', content: '1' }), client.app.send('b', { type: 'text', content: '2' })])
    expect(server.callsTo('gettoken')).toHaveLength(2)
    expect(server.callsTo('message/send').slice(-2).map((c) => c.query.access_token)).toEqual(['token-2', 'token-2'])
  })

  it.each([
    ['40014 (revoked)', () => server.revokeTokens()],
    ['42001 (expired)', () => server.expireTokens()],
  ])('on %s the token is refreshed once and the call retried once', async (_name, breakTokens) => {
    await client.app.send('zhangsan', { type: 'text', content: '第一条' })
    breakTokens()
    await Promise.all([client.app.send('zhangsan', { type: 'text', content: '第二条' }), client.app.send('lisi', { type: 'text', content: '第三条' })])
    expect(server.callsTo('gettoken')).toHaveLength(2)
    const sends = server.callsTo('message/send')
    expect(sends.filter((c) => c.outcome === 'ok').map((c) => c.body.text.content).sort()).toEqual(['第一条', '第三条', '第二条'].sort())
    expect(sends).toHaveLength(5)
  })

  it('a second token failure in a row is reported, not retried forever', async () => {
    await client.app.getAccessToken()
    server.failNext(2, { errcode: 40014, errmsg: 'invalid access_token' }, 'message/send')
    const err = await caught(client.app.send('zhangsan', { type: 'text', content: 'x' }))
    expect(err).toMatchObject({ errcode: 40014, api: 'message/send', tokenInvalid: true })
    expect(err.message).not.toContain('token-')
    expect(server.callsTo('message/send')).toHaveLength(2)
  })

  it('a wrong secret is a typed gettoken error that does not show the secret', async () => {
    server.secret = 'another-secret'
    const err = await caught(client.app.send('zhangsan', { type: 'text', content: 'x' }))
    expect(err).toMatchObject({ errcode: 40001, api: 'gettoken' })
    expect(err.message).not.toContain('app-secret-123456')
  })

  it('message/send carries agentid and touser; markdown is cut at 2048 bytes', async () => {
    await client.app.send('wangshuji', { type: 'markdown', content: '周报'.repeat(600) })
    const body = server.callsTo('message/send')[0]!.body
    expect(body).toMatchObject({ touser: 'wangshuji', agentid: 1000002, msgtype: 'markdown' })
    expect(bytes(body.markdown.content)).toBeLessThanOrEqual(2048)
    expect(body.markdown.content.endsWith('…')).toBe(true)
  })

  it('files go through media/upload first', async () => {
    const xlsx = Buffer.from('PK\u0003\u0004fake-xlsx')
    await client.app.send('wangshuji', { type: 'file', filename: '周报.xlsx', base64: xlsx.toString('base64') })
    const [upload] = server.callsTo('media/upload')
    expect(upload!.query).toEqual({ access_token: 'token-1', type: 'file' })
    expect(upload!.file).toMatchObject({ name: 'media', filename: '周报.xlsx', filelength: xlsx.length })
    expect(server.callsTo('message/send')[0]!.body).toMatchObject({ touser: 'wangshuji', msgtype: 'file', file: { media_id: 'app-media-1' } })
  })

  it('update_template_card posts the response_code and the new card', async () => {
    const card = { card_type: 'text_notice' as const, main_title: { title: '已签到' } }
    await client.app.updateTemplateCard({ userids: ['zhangsan'], response_code: 'rc-1', template_card: card })
    expect(server.callsTo('message/update_template_card')[0]!.body).toEqual({ userids: ['zhangsan'], response_code: 'rc-1', template_card: card, agentid: 1000002 })
  })

  it('without app configuration nothing is called', async () => {
    const bare = createWecomClient({ apiBase: server.url, app: {} }, clock)
    expect(bare.app.configured).toBe(false)
    await expect(bare.app.send('zhangsan', { type: 'text', content: 'x' })).rejects.toThrow('not configured')
    expect(server.calls).toHaveLength(0)
  })
})

describe('response_url', () => {
  it('posts plain JSON once; a reused code is an API error', async () => {
    const url = server.responseUrl('code-1')
    await client.replyResponseUrl(url, { msgtype: 'markdown', markdown: { content: '处理完成' } })
    expect(server.callsTo('aibot/response')[0]).toMatchObject({ query: { response_code: 'code-1' }, body: { msgtype: 'markdown', markdown: { content: '处理完成' } } })
    const err = await caught(client.replyResponseUrl(url, { msgtype: 'markdown', markdown: { content: '再来' } }))
    expect(err).toBeInstanceOf(WecomApiError)
    expect(err.message).not.toContain('code-1')
  })
})
