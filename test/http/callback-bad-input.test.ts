// Hostile or broken callbacks: every one gets a 4xx with an empty body, writes nothing, and is
// logged once at warn without the body or any secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CallbackCrypto } from '../../src/wecom/crypto.js'
import { appText, botText } from '../support/callback-client.js'
import { CORP_ID, startHarness, warnings, type Harness } from './setup.js'

const EMPTY = { inbound_messages: 0, streams: 0, outbox: 0, chats: 0, users: 0, memberships: 0, audit_log: 0 }
const help = () => JSON.stringify(botText({ userid: 'zhangsan', chatid: 'wr-dyzb', content: '@学习助手 /帮助' }))

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(() => h.close())

async function expectRefused(res: Response, status: number) {
  expect(res.status).toBe(status)
  expect(await res.text()).toBe('')
  expect(await h.rows()).toEqual(EMPTY)
  const warns = warnings(h)
  expect(warns).toHaveLength(1)
  expect(warns[0]).toMatchObject({ msg: 'callback refused', status })
  const logged = JSON.stringify(h.logs)
  expect(logged).not.toContain('帮助')
  expect(logged).not.toContain(h.bot.options.aesKey)
}

describe('bot callback bad input', () => {
  it('a bad signature is 401', async () => {
    const s = h.bot.sign(help())
    const sig = s.query.msg_signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))
    await expectRefused(await h.bot.postRaw(s.body, { query: { ...s.query, msg_signature: sig } }), 401)
  })

  it('a callback signed with another token is 401', async () => {
    const other = new CallbackCrypto('someothertoken', h.bot.options.aesKey, '')
    const ts = String(Math.floor(h.clock.now().getTime() / 1000))
    const sealed = other.seal(help(), ts, '12345')
    await expectRefused(await h.bot.postRaw(JSON.stringify({ encrypt: sealed.encrypt }), { query: { msg_signature: sealed.signature, timestamp: ts, nonce: '12345' } }), 401)
  })

  it('a timestamp more than 5 minutes off is 403 (either direction)', async () => {
    const now = Math.floor(h.clock.now().getTime() / 1000)
    const old = h.bot.sign(help(), { timestamp: String(now - 301) })
    await expectRefused(await h.bot.postRaw(old.body, { query: old.query }), 403)
    h.logs.length = 0
    const future = h.bot.sign(help(), { timestamp: String(now + 301) })
    await expectRefused(await h.bot.postRaw(future.body, { query: future.query }), 403)
  })

  it('a replayed nonce is refused and changes nothing', async () => {
    const s = h.bot.sign(help())
    expect((await h.bot.postRaw(s.body, { query: s.query })).status).toBe(200)
    const before = await h.rows()
    const replay = await h.bot.postRaw(s.body, { query: s.query })
    expect(replay.status).toBe(403)
    expect(await replay.text()).toBe('')
    expect(await h.rows()).toEqual(before)
    expect(warnings(h)).toMatchObject([{ msg: 'callback refused', reason: 'replayed nonce' }])
  })

  it.each([
    ['truncated ciphertext', (e: string) => e.slice(0, -24)],
    ['padded ciphertext', (e: string) => e + 'AAAAAAAAAAAAAAAAAAAAAA=='],
    ['bad base64', () => '!!!not*base64!!!'],
    ['base64 of garbage', () => Buffer.alloc(64, 7).toString('base64')],
  ])('%s is 400', async (_name, mangle) => {
    const encrypt = mangle(h.bot.sign(help()).encrypt)
    await expectRefused(await h.bot.postRaw(JSON.stringify({ encrypt }), { query: h.bot.signCiphertext(encrypt) }), 400)
  })

  it('a body over 1 MB is 413', async () => {
    const big = JSON.stringify({ encrypt: 'A'.repeat(1024 * 1024 + 10) })
    await expectRefused(await h.bot.postRaw(big, { query: h.bot.signCiphertext('x') }), 413)
  })

  it.each([
    ['empty body', ''],
    ['malformed JSON', '{"encrypt":'],
    ['JSON without encrypt', '{"foo":"bar"}'],
    ['JSON array', '[1,2]'],
  ])('%s is 400', async (_name, body) => {
    await expectRefused(await h.bot.postRaw(body, { query: h.bot.signCiphertext('x') }), 400)
  })

  it.each([
    ['malformed decrypted JSON', '{"msgid":"1",'],
    ['decrypted JSON that is not a message', '{"hello":"world"}'],
    ['XML where JSON belongs', '<xml><MsgType>text</MsgType></xml>'],
  ])('%s is 400', async (_name, plain) => {
    const s = h.bot.sign(plain)
    await expectRefused(await h.bot.postRaw(s.body, { query: s.query }), 400)
  })

  it('a wrong content type is 415', async () => {
    const s = h.bot.sign(help())
    await expectRefused(await h.bot.postRaw(s.body, { query: s.query, contentType: 'application/x-www-form-urlencoded' }), 415)
  })

  it('missing or repeated query parameters are 400', async () => {
    const s = h.bot.sign(help())
    await expectRefused(await h.bot.postRaw(s.body, { query: { timestamp: s.query.timestamp, nonce: s.query.nonce } }), 400)
    h.logs.length = 0
    const url = h.bot.url(s.query) + `&nonce=${s.query.nonce}`
    await expectRefused(await fetch(url, { method: 'POST', body: s.body, headers: { 'content-type': 'application/json' } }), 400)
  })

  it('URL verification with a bad signature or a tampered echostr is refused', async () => {
    const s = h.bot.sign('echo-me')
    await expectRefused(await fetch(h.bot.url({ ...s.query, echostr: s.encrypt.slice(0, -8) })), 401)
    h.logs.length = 0
    const broken = 'AAAA' + s.encrypt.slice(4)
    await expectRefused(await fetch(h.bot.url({ ...h.bot.signCiphertext(broken), echostr: broken })), 400)
  })

  it('"Encrypt" and text/plain are accepted like "encrypt" and JSON', async () => {
    const s = h.bot.sign(help())
    const res = await h.bot.postRaw(JSON.stringify({ Encrypt: s.encrypt }), { query: s.query, contentType: 'text/plain; charset=utf-8' })
    const reply = await h.bot.reply(res, s.query.nonce)
    expect(reply.json().stream.content).toContain('可用命令')
  })
})

describe('app callback bad input', () => {
  const xml = (userid = 'wangshuji') => appText({ corpId: CORP_ID, userid, content: '/帮助' })

  it('a message encrypted for another corp (wrong receiveid) is 403', async () => {
    const s = h.appClient.sign(xml(), { receiveId: 'wwsomeoneelse00000' })
    await expectRefused(await h.appClient.postRaw(s.body, { query: s.query }), 403)
  })

  it('a DOCTYPE or ENTITY in the envelope is 400', async () => {
    const s = h.appClient.sign(xml())
    const evil = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>` + s.body
    await expectRefused(await h.appClient.postRaw(evil, { query: s.query }), 400)
  })

  it('entity expansion inside the decrypted XML is 400', async () => {
    const bomb = `<!DOCTYPE xml [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><FromUserName>x</FromUserName><MsgType>text</MsgType><Content>&lol2;</Content></xml>`
    const s = h.appClient.sign(bomb)
    await expectRefused(await h.appClient.postRaw(s.body, { query: s.query }), 400)
  })

  it.each([
    ['malformed XML', '<xml><Encrypt>abc</Encrypt'],
    ['XML without Encrypt', '<xml><ToUserName>x</ToUserName></xml>'],
    ['not XML at all', 'hello'],
    ['JSON on the XML route', '{"encrypt":"abc"}'],
  ])('%s is 400', async (_name, body) => {
    await expectRefused(await h.appClient.postRaw(body, { query: h.appClient.signCiphertext('abc') }), 400)
  })

  it('malformed decrypted XML is 400', async () => {
    const s = h.appClient.sign('<xml><FromUserName>x</FromUserName><MsgType>text')
    await expectRefused(await h.appClient.postRaw(s.body, { query: s.query }), 400)
  })

  it('a wrong content type is 415 and a giant body 413', async () => {
    const s = h.appClient.sign(xml())
    await expectRefused(await h.appClient.postRaw(s.body, { query: s.query, contentType: 'multipart/form-data; boundary=x' }), 415)
    h.logs.length = 0
    await expectRefused(await h.appClient.postRaw('<xml>' + ' '.repeat(1024 * 1024) + '</xml>', { query: s.query }), 413)
  })
})
