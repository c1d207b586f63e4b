// WeCom failing in its usual ways while the outbox delivers: HTTP 500, no answer (timeout), 45009
// (rate limit), 42001 (token expired) and 40014 (token invalid). Every message arrives exactly once,
// failures wait with exponential backoff (fake clock; 45009 waits for the key's window instead),
// and a refused token is refreshed at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDelivery, type Delivery } from '../../src/outbox/deliver.js'
import { toGroup, toUser } from '../../src/outbox/outbox.js'
import { createWecomClient } from '../../src/wecom/client.js'
import { FakeWecomServer } from '../support/fake-wecom-server.js'
import { testConfig } from '../support/test-config.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let fake: FakeWecomServer
let deps: TestDeps
let delivery: Delivery

beforeEach(async () => {
  fake = await FakeWecomServer.start()
  const config = testConfig({
    WECOM_API_BASE: fake.url,
    WECOM_CORP_ID: fake.corpId,
    WECOM_APP_AGENT_ID: '1000002',
    WECOM_APP_SECRET: fake.secret,
    WECOM_APP_TOKEN: 'apptoken123',
    WECOM_APP_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  })
  deps = await createTestDeps({ config })
  deps.wecom = createWecomClient(config, deps.clock, { timeoutMs: 300 })
  delivery = createDelivery(deps, { backoffBaseMs: 30_000, concurrency: 1 })
  const at = deps.clock.now().toISOString()
  await deps.db.insertInto('chats').values({ chat_id: 'wr-a', type: 'group', name: '一支部', first_seen_at: at, last_seen_at: at, webhook_key: 'key-a-0123456789', longconn_ok: 0, last_push_at: null }).execute()
})
afterEach(async () => {
  await fake.close()
  await deps.dbh.drop()
})

const md = (content: string) => ({ type: 'markdown' as const, content })
const row = (key: string) => deps.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow()
const groupSends = () => fake.delivered('webhook/send').map((c) => c.body.markdown.content as string)
const appSends = () => fake.delivered('message/send').map((c) => `${c.body.touser}:${c.body.markdown?.content ?? c.body.text?.content}`)

describe('WeCom failures during delivery', () => {
  for (const [name, failure] of [
    ['HTTP 500', { http: 500 }],
    ['no answer (timeout)', { timeout: true }],
  ] as const) {
    it(`${name}: retried with growing backoff, delivered exactly once`, async () => {
      await deps.outbox.enqueue(deps.db, { to: toGroup('wr-a'), message: md('本周学习任务'), key: 'push:1' })
      fake.failNext(2, failure, 'webhook/send')
      expect(await delivery.drainOnce()).toMatchObject({ claimed: 1, retried: 1, sent: 0 })
      const first = await row('push:1')
      expect(first).toMatchObject({ status: 'pending', attempts: 1 })
      expect(Date.parse(first.next_attempt_at) - deps.clock.now().getTime()).toBe(30_000)
      expect(await delivery.drainOnce()).toMatchObject({ claimed: 0 }) // not before its time
      deps.clock.advanceSeconds(30)
      expect(await delivery.drainOnce()).toMatchObject({ claimed: 1, retried: 1 })
      expect(Date.parse((await row('push:1')).next_attempt_at) - deps.clock.now().getTime()).toBe(60_000) // doubled
      deps.clock.advanceSeconds(60)
      expect(await delivery.drainOnce()).toMatchObject({ claimed: 1, sent: 1 })
      expect(groupSends()).toEqual(['本周学习任务'])
      expect(await row('push:1')).toMatchObject({ status: 'sent', attempts: 3 })
      deps.clock.advanceMinutes(60)
      expect(await delivery.drainOnce()).toMatchObject({ claimed: 0 })
      expect(fake.callsTo('webhook/send')).toHaveLength(3)
      expect(groupSends()).toEqual(['本周学习任务'])
    })
  }

  it('45009 (rate limit): not a network failure: waits for the key\'s window to free, delivered exactly once', async () => {
    await deps.outbox.enqueue(deps.db, { to: toGroup('wr-a'), message: md('本周学习任务'), key: 'push:1' })
    fake.failNext(2, { errcode: 45009 }, 'webhook/send')
    expect(await delivery.drainOnce()).toMatchObject({ claimed: 1, retried: 1, sent: 0 })
    // Nothing sent here lately: someone else fills the key, so a whole window (and the margin).
    expect(Date.parse((await row('push:1')).next_attempt_at) - deps.clock.now().getTime()).toBe(60_500)
    deps.clock.advance(60_499)
    expect(await delivery.drainOnce()).toMatchObject({ claimed: 0 })
    deps.clock.advance(1)
    expect(await delivery.drainOnce()).toMatchObject({ claimed: 1, retried: 1 })
    deps.clock.advance(60_500)
    expect(await delivery.drainOnce()).toMatchObject({ claimed: 1, sent: 1 })
    expect(await row('push:1')).toMatchObject({ status: 'sent', attempts: 3 })
    deps.clock.advanceMinutes(60)
    expect(await delivery.drainOnce()).toMatchObject({ claimed: 0 })
    expect(groupSends()).toEqual(['本周学习任务'])
  })

  for (const [name, spoil] of [
    ['42001 (token expired)', () => fake.expireTokens()],
    ['40014 (token invalid)', () => fake.revokeTokens()],
  ] as const) {
    it(`${name}: the token is fetched again and the message sent once, in the same pass`, async () => {
      await deps.outbox.enqueue(deps.db, { to: toUser('zhangsan'), message: md('第一条'), key: 'dm:1' })
      expect(await delivery.drainOnce()).toMatchObject({ sent: 1 })
      expect(fake.callsTo('gettoken')).toHaveLength(1)
      spoil()
      await deps.outbox.enqueue(deps.db, { to: toUser('zhangsan'), message: md('第二条'), key: 'dm:2' })
      await deps.outbox.enqueue(deps.db, { to: toUser('lisi'), message: md('第三条'), key: 'dm:3' })
      expect(await delivery.drainOnce()).toMatchObject({ claimed: 2, sent: 2, retried: 0 })
      expect(fake.callsTo('gettoken')).toHaveLength(2) // refreshed once, reused for the next message
      expect(appSends()).toEqual(['zhangsan:第一条', 'zhangsan:第二条', 'lisi:第三条'])
      expect(fake.callsTo('message/send').map((c) => c.outcome)).toEqual(['ok', name.slice(0, 5), 'ok', 'ok'])
    })
  }

  it('a mix of every failure across many groups: each message arrives once, nothing is lost', async () => {
    const at = deps.clock.now().toISOString()
    for (let i = 1; i <= 12; i++) {
      await deps.db.insertInto('chats').values({ chat_id: `wr-${i}`, type: 'group', name: null, first_seen_at: at, last_seen_at: at, webhook_key: `key-${i}-abcdefgh`, longconn_ok: 0, last_push_at: null }).execute()
      await deps.outbox.enqueue(deps.db, { to: toGroup(`wr-${i}`), message: md(`周报 ${i}`), key: `mix:${i}` })
      await deps.outbox.enqueue(deps.db, { to: toUser(`user${i}`), message: md(`私信 ${i}`), key: `mixdm:${i}` })
    }
    fake.failNext(3, { http: 500 }, 'webhook/send')
    fake.failNext(2, { timeout: true }, 'webhook/send')
    fake.failNext(3, { errcode: 45009 }, 'webhook/send')
    fake.failNext(2, { errcode: 45009 }, 'message/send')
    fake.failNext(2, { http: 502 }, 'message/send')
    for (let pass = 0; pass < 20; pass++) {
      await delivery.drainOnce()
      if (pass === 3) fake.expireTokens()
      deps.clock.advanceMinutes(5)
    }
    const rows = await deps.db.selectFrom('outbox').select(['dedupe_key', 'status']).where('dedupe_key', 'like', 'mix%').execute()
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([])
    expect(groupSends().sort()).toEqual(Array.from({ length: 12 }, (_, i) => `周报 ${i + 1}`).sort())
    expect(appSends().sort()).toEqual(Array.from({ length: 12 }, (_, i) => `user${i + 1}:私信 ${i + 1}`).sort())
  })
})
