// Two real bot processes on one database (PostgreSQL when DATABASE_URL is postgres://…, else one
// SQLite file in WAL mode): a callback delivered to both is handled once, and both delivery loops
// together send every outbox row exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BotProcess } from '../support/bot-process.js'
import { botText, generateCallbackKeys } from '../support/callback-client.js'
import { FakeWecomServer } from '../support/fake-wecom-server.js'
import { createSharedDb, type SharedDb } from './shared-db.js'

let shared: SharedDb
let fake: FakeWecomServer
let p1: BotProcess
let p2: BotProcess

beforeAll(async () => {
  shared = await createSharedDb()
  fake = await FakeWecomServer.start()
  const keys = generateCallbackKeys()
  const options = { databaseUrl: shared.url, apiBase: fake.url, keys, env: { ADMIN_USERIDS: 'wangshuji' } }
  ;[p1, p2] = await Promise.all([BotProcess.start(options), BotProcess.start(options)])
}, 180_000)
afterAll(async () => {
  await Promise.all([p1?.stop(), p2?.stop()])
  await fake?.close()
  await shared?.drop()
})

describe('two bot processes on one database', () => {
  it('both are healthy on the same database', async () => {
    const [h1, h2] = await Promise.all([p1.health(), p2.health()])
    expect(h1).toMatchObject({ status: 200, body: { ok: true, dialect: shared.dialect, mode: 'callback' } })
    expect(h2).toMatchObject({ status: 200, body: { ok: true, dialect: shared.dialect, mode: 'callback' } })
    expect(p1.pid).not.toBe(p2.pid)
  })

  it('the same sign-in callback delivered to both at once is handled once; both answer the same', async () => {
    const c1 = p1.botClient()
    const c2 = p2.botClient()
    const people = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba']
    for (const userid of people) {
      const signed = c1.sign(JSON.stringify(botText({ msgid: `dup-${userid}`, userid, chatid: 'wr-scale', content: '@学习助手 /签到 读了第一章' })))
      const post = (c: typeof c1) => c.postRaw(signed.body, { query: signed.query, contentType: 'application/json' }).then((r) => c.reply(r, signed.query.nonce))
      const [r1, r2] = await Promise.all([post(c1), post(c2)])
      expect(r1.status).toBe(200)
      expect(r2.status).toBe(200)
      expect(r1.json().stream.content).toContain('签到成功')
      expect(r2.plain).toBe(r1.plain)
    }
    const db = shared.open().db
    const inbound = await db.selectFrom('inbound_messages').select('msgid').where('msgid', 'like', 'dup-%').execute()
    expect(inbound).toHaveLength(people.length)
    const checkins = await db.selectFrom('att_checkins').select(['userid']).where('chat_id', '=', 'wr-scale').orderBy('userid').execute()
    expect(checkins.map((c) => c.userid)).toEqual([...people].sort())
    const points = await db.selectFrom('point_events').select('userid').where('chat_id', '=', 'wr-scale').execute()
    expect(points.length).toBeLessThanOrEqual(people.length) // at most one award each, never two
    expect(new Set(points.map((p) => p.userid)).size).toBe(points.length)
  })

  it('both delivery loops drain one outbox: every row is sent exactly once', async () => {
    const db = shared.open().db
    const at = new Date().toISOString()
    const groups = 40
    for (let i = 0; i < groups; i++) {
      await db.insertInto('chats').values({ chat_id: `wr-drain-${i}`, type: 'group', name: `第${i}支部`, first_seen_at: at, last_seen_at: at, webhook_key: `drain-key-${i}`, longconn_ok: 0, last_push_at: null }).execute()
      for (const n of [1, 2]) {
        await db
          .insertInto('outbox')
          .values({ dedupe_key: `drain:${i}:${n}`, dest_kind: 'group', dest_id: `wr-drain-${i}`, payload: JSON.stringify({ type: 'markdown', content: `第${n}条 ${i}` }), status: 'pending', attempts: 0, next_attempt_at: at, created_at: at })
          .execute()
      }
    }
    // The loops poll every 5 s; wait (bounded) until every row is sent.
    const deadline = Date.now() + 30_000
    const pending = async () => Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('dedupe_key', 'like', 'drain:%').where('status', '!=', 'sent').executeTakeFirstOrThrow()).n)
    while ((await pending()) > 0) {
      expect(Date.now()).toBeLessThan(deadline)
      await new Promise((r) => setTimeout(r, 100))
    }
    const sends = fake.delivered('webhook/send').filter((c) => String(c.query.key).startsWith('drain-key-'))
    const texts = sends.map((c) => `${c.query.key}|${c.body.markdown.content}`)
    expect(texts).toHaveLength(groups * 2)
    expect(new Set(texts).size).toBe(groups * 2)
    // each group's two messages in order
    for (let i = 0; i < groups; i++) {
      expect(sends.filter((c) => c.query.key === `drain-key-${i}`).map((c) => c.body.markdown.content)).toEqual([`第1条 ${i}`, `第2条 ${i}`])
    }
    const rows = await db.selectFrom('outbox').select(['status', 'attempts']).where('dedupe_key', 'like', 'drain:%').execute()
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true)
  })
})
