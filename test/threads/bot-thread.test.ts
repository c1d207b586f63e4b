// Callback mode with BOT_THREAD=on: the bot on its worker thread behind the HTTP thread's express
// app (src/http/front.ts, src/threads/bot-thread.ts). Real HTTP, real encrypted callbacks, a
// SQLite file (a worker cannot share an in-memory database), whatever DATABASE_URL the suite runs on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { TransientError } from '../../src/bot/transient.js'
import { createLogger } from '../../src/log.js'
import { frontListener, startFront, type Front } from '../../src/http/front.js'
import { startBotThread } from '../../src/threads/bot-thread.js'
import { CallbackClient, botText, generateCallbackKeys } from '../support/callback-client.js'

const GROUP = 'wr-thread'
const silent = createLogger('silent')

function envFor(dir: string, keys: { token: string; aesKey: string }): Record<string, string> {
  return {
    WECOM_MODE: 'callback',
    WECOM_BOT_TOKEN: keys.token,
    WECOM_BOT_AES_KEY: keys.aesKey,
    DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
    WECOM_API_BASE: 'http://127.0.0.1:9',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    BACKUP_DIR: join(dir, 'backups'),
    FONT_CACHE_DIR: join(dir, 'fonts'),
  }
}

describe('the bot on its own thread behind the HTTP thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bot-thread-'))
  const keys = generateCallbackKeys()
  const env = envFor(dir, keys)
  let front: Front
  let client: CallbackClient
  let base: string

  beforeAll(async () => {
    front = await startFront(loadConfig(env), env, silent)
    const address = front.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    client = new CallbackClient({ baseUrl: base, format: 'json', ...keys, receiveId: '' })
  }, 60_000)
  afterAll(async () => {
    await front?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const signIns = (userid: string): number => {
    const db = new SqliteDatabase(join(dir, 'bot.db'), { readonly: true })
    try {
      return (db.prepare('select count(*) as n from att_checkins where userid = ?').get(userid) as { n: number }).n
    } finally {
      db.close()
    }
  }

  it('a /签到 callback is answered by the bot thread, encrypted, and the sign-in is stored', async () => {
    const msg = botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /签到' })
    const r = await client.send(msg)
    expect(r.status).toBe(200)
    expect(r.json()).toMatchObject({ msgtype: 'stream', stream: { finish: true } })
    expect(r.json().stream.content).toContain('签到成功')
    expect(signIns('zhangsan')).toBe(1)
    // WeCom delivers it again: the same answer, nothing applied twice.
    const again = await client.send(msg)
    expect(again.json().stream.content).toBe(r.json().stream.content)
    expect(signIns('zhangsan')).toBe(1)
  })

  it('URL verification and refused callbacks get the same answers as on one thread', async () => {
    // Refused by the bot thread after decryption: a plaintext that is not a bot callback.
    const notACallback = await client.send(JSON.stringify({ hello: 'world' }))
    expect(notACallback.status).toBe(400)
    expect(await client.verifyUrl('echo-thread')).toMatchObject({ status: 200, text: 'echo-thread' })
    const signed = client.sign(JSON.stringify({ msgtype: 'text' }))
    const badSignature = await fetch(client.url({ ...signed.query, msg_signature: 'f'.repeat(40) }), { method: 'POST', body: signed.body })
    expect(badSignature.status).toBe(401)
    const notJson = await fetch(client.url(signed.query), { method: 'POST', body: 'not json' })
    expect(notJson.status).toBe(400)
    const huge = await fetch(client.url(signed.query), { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) })
    expect(huge.status).toBe(413)
    expect((await fetch(`${base}/wecom/app`, { method: 'POST', body: '<xml/>' })).status).toBe(404)
    // The bot thread is still there and answering.
    const r = await client.send(botText({ userid: 'lisi', chatid: GROUP, content: '@学习助手 /签到' }))
    expect(r.json().stream.content).toContain('签到成功')
  })

  it('/healthz reports the database the bot thread holds', async () => {
    const res = await fetch(`${base}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, database: 'ok', dialect: 'sqlite', mode: 'callback', outboxDead: 0 })
  })
})

describe('the bot thread stopping and failing to start', () => {
  it('once stopped, its callbacks and /healthz are answered 503 (WeCom delivers again), not left waiting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-thread-'))
    try {
      const keys = generateCallbackKeys()
      const thread = await startBotThread({ env: envFor(dir, keys) })
      expect(thread.routes).toEqual(['/wecom/bot'])
      let exitedUnasked = false
      void thread.exited.then(() => (exitedUnasked = true))
      await thread.stop()
      await expect(thread.handle('/wecom/bot', '{}')).rejects.toBeInstanceOf(TransientError)
      const server = createServer(frontListener(loadConfig(envFor(dir, keys)), thread, silent)).listen(0, '127.0.0.1')
      await new Promise((resolve) => server.once('listening', resolve))
      const { port } = server.address() as { port: number }
      const client = new CallbackClient({ baseUrl: `http://127.0.0.1:${port}`, format: 'json', ...keys, receiveId: '' })
      const r = await client.send(botText({ userid: 'zhangsan', chatid: GROUP, content: '@学习助手 /签到' }))
      expect(r.status).toBe(503)
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503)
      await new Promise((resolve) => server.close(resolve))
      expect(exitedUnasked).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('a bot that cannot start (its database cannot be opened) rejects with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-thread-'))
    try {
      writeFileSync(join(dir, 'a-file'), '')
      const env = { ...envFor(dir, generateCallbackKeys()), DATABASE_URL: `sqlite:${join(dir, 'a-file', 'bot.db')}` }
      await expect(startBotThread({ env })).rejects.toThrow(/EEXIST: file already exists, mkdir .*a-file/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
