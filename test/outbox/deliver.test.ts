// The outbox delivery loop against the fake WeCom server, on a fake clock: delivered once,
// retried with backoff, dead-lettered, rate-limited per webhook key, safe with two workers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { claimDue } from '../../src/outbox/claim.js'
import { createDelivery, type Delivery, type DeliveryOptions } from '../../src/outbox/deliver.js'
import { createOutbox, toGroup, toUser } from '../../src/outbox/outbox.js'
import { createWecomClient } from '../../src/wecom/client.js'
import type { OutMessage } from '../../src/wecom/types.js'
import { FakeWecomServer, type Failure } from '../support/fake-wecom-server.js'
import { testConfig } from '../support/test-config.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

const GROUP = 'wr-dyzb'
const KEY = 'key-dyzb-0123456789abcdef'
const MON_0900 = '2026-11-23T01:00:00.000Z' // Mon 09:00 Asia/Shanghai

let server: FakeWecomServer
let deps: TestDeps

beforeEach(async () => {
  server = await FakeWecomServer.start()
  deps = await createTestDeps({ config: testConfig({ WECOM_API_BASE: server.url }) })
  deps.wecom = createWecomClient({ apiBase: server.url, app: { corpId: server.corpId, secret: server.secret, agentId: 1000002 } }, deps.clock, { timeoutMs: 200 })
  await bindGroup(GROUP, KEY)
})
afterEach(async () => {
  await deps.dbh.drop()
  await server.close()
})

async function bindGroup(chatId: string, key: string | null, longconnOk = 0) {
  const at = deps.clock.now().toISOString()
  await deps.db.insertInto('chats').values({ chat_id: chatId, type: 'group', first_seen_at: at, last_seen_at: at, webhook_key: key, longconn_ok: longconnOk }).execute()
}

const md = (content: string): OutMessage => ({ type: 'markdown', content })
const delivery = (o: DeliveryOptions = {}) => createDelivery(deps, { workerId: 'w1', ...o })
const row = (key: string) => deps.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow()
const enqueue = (key: string, message: OutMessage, to = toGroup(GROUP)) => deps.outbox.enqueue(deps.db, { to, message, key })

describe('delivery', () => {
  it('sends a due row once through the group webhook and records it', async () => {
    expect(await enqueue('assignment:2026-W48:dyzb', md('**本周学习任务**'))).toBe(true)
    expect(await enqueue('assignment:2026-W48:dyzb', md('**本周学习任务**'))).toBe(false)
    const d = delivery()
    expect(await d.drainOnce()).toEqual({ claimed: 1, sent: 1, retried: 0, dead: 0, deferred: 0 })
    expect(await d.drainOnce()).toMatchObject({ claimed: 0 })
    expect(server.delivered().map((c) => [c.query.key, c.body])).toEqual([[KEY, { msgtype: 'markdown', markdown: { content: '**本周学习任务**' } }]])
    expect(await row('assignment:2026-W48:dyzb')).toMatchObject({ status: 'sent', sent_at: MON_0900, channel: 'webhook', attempts: 1 })
    expect(await deps.db.selectFrom('chats').select('last_push_at').where('chat_id', '=', GROUP).executeTakeFirst()).toEqual({ last_push_at: MON_0900 })
  })

  it('waits for notBefore', async () => {
    await deps.outbox.enqueue(deps.db, { to: toGroup(GROUP), message: md('稍后'), key: 'later', notBefore: new Date('2026-11-23T02:00:00Z') })
    const d = delivery()
    expect(await d.drainOnce()).toMatchObject({ claimed: 0 })
    deps.clock.set('2026-11-23T02:00:00Z')
    expect(await d.drainOnce()).toMatchObject({ sent: 1 })
  })

  it('uploads a file to the webhook and sends its media_id', async () => {
    await enqueue('digest-file', { type: 'file', filename: '周报.xlsx', base64: Buffer.from('PK-fake').toString('base64') })
    await delivery().drainOnce()
    expect(server.callsTo('webhook/upload_media')[0]!.file).toMatchObject({ filename: '周报.xlsx', filelength: 7 })
    expect(server.delivered()[0]!.body).toEqual({ msgtype: 'file', file: { media_id: 'media-1' } })
  })

  it.each<[string, Failure]>([
    ['HTTP 500', { http: 500 }],
    ['a timeout', { timeout: true }],
    ['-1 busy', { errcode: -1, errmsg: 'system busy' }],
  ])('%s: retried later with exponential backoff, then sent once', async (_name, failure) => {
    server.failNext(3, failure, 'webhook/send')
    await enqueue('push-1', md('提醒'))
    const d = delivery({ backoffBaseMs: 30_000 })
    const due: number[] = []
    for (let i = 0; i < 3; i++) {
      expect(await d.drainOnce()).toMatchObject({ claimed: 1, retried: 1 })
      const r = await row('push-1')
      expect(r).toMatchObject({ status: 'pending', attempts: i + 1 })
      expect(r.last_error).not.toContain(KEY)
      due.push(new Date(r.next_attempt_at).getTime() - deps.clock.now().getTime())
      deps.clock.advance(due[i]! - 1)
      expect(await d.drainOnce()).toMatchObject({ claimed: 0 })
      deps.clock.advance(1)
    }
    expect(due).toEqual([30_000, 60_000, 120_000])
    expect(await d.drainOnce()).toMatchObject({ sent: 1 })
    expect(server.delivered()).toHaveLength(1)
    expect(await row('push-1')).toMatchObject({ status: 'sent', attempts: 4 })
  })

  it('dead after N attempts, countable like /healthz counts it', async () => {
    server.failNext(99, { http: 502 })
    await enqueue('push-dead', md('x'))
    const d = delivery({ maxAttempts: 3, backoffBaseMs: 1_000 })
    for (let i = 0; i < 3; i++) {
      await d.drainOnce()
      deps.clock.advanceMinutes(10)
    }
    const r = await row('push-dead')
    expect(r).toMatchObject({ status: 'dead', attempts: 3 })
    expect(r.last_error).toMatch(/^gave up after 3 attempts: WeCom webhook\/send unreachable \(HTTP 502\)/)
    const dead = await deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'dead').executeTakeFirstOrThrow()
    expect(Number(dead.n)).toBe(1)
    // The admins are told privately, once, and the dead row is never tried again.
    const notice = await row(`outbox-dead:${r.id}:wangshuji`)
    expect(notice).toMatchObject({ dest_kind: 'user', dest_id: 'wangshuji', status: 'pending' })
    expect(JSON.parse(notice.payload).content).toContain('已放弃重试')
    const calls = server.callsTo('webhook/send').length
    expect(await d.drainOnce()).toMatchObject({ claimed: 1 })
    expect(server.callsTo('webhook/send')).toHaveLength(calls)
    expect(await deps.db.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', 'outbox-dead:%').execute()).toHaveLength(1)
  })

  it('a permanent error (93000 invalid webhook) is dead at once, without the key in last_error', async () => {
    server.invalidKeys.add(KEY)
    await enqueue('push-bad-key', md('x'))
    expect(await delivery().drainOnce()).toMatchObject({ dead: 1 })
    const r = await row('push-bad-key')
    expect(r).toMatchObject({ status: 'dead', attempts: 1, channel: 'webhook' })
    expect(r.last_error).toContain('93000')
    expect(r.last_error).not.toContain(KEY)
  })

  it('40008 bad message type is permanent too', async () => {
    server.failNext(1, { errcode: 40008, errmsg: 'invalid message type' })
    await enqueue('push-bad-type', md('x'))
    expect(await delivery().drainOnce()).toMatchObject({ dead: 1 })
  })

  it('a group with no webhook key and no long connection is dead with "no binding"', async () => {
    await bindGroup('wr-unbound', null)
    await enqueue('push-unbound', md('x'), toGroup('wr-unbound'))
    await enqueue('push-unknown', md('x'), toGroup('wr-never-seen'))
    expect(await delivery().drainOnce()).toMatchObject({ dead: 2 })
    expect((await row('push-unbound')).last_error).toContain('no binding')
    expect(server.calls).toHaveLength(0)
  })

  it('several rows of several groups in one pass: each group\'s go by its own key, in order; every row of an unbound group is dead', async () => {
    await bindGroup('wr-b', 'key-b-0123456789abcdef')
    await bindGroup('wr-unbound', null)
    for (const i of [1, 2, 3]) {
      await enqueue(`a${i}`, md(`a${i}`))
      await enqueue(`b${i}`, md(`b${i}`), toGroup('wr-b'))
      await enqueue(`u${i}`, md(`u${i}`), toGroup('wr-unbound'))
    }
    expect(await delivery().drainOnce()).toEqual({ claimed: 9, sent: 6, retried: 0, dead: 3, deferred: 0 })
    const sentWith = (key: string) => server.delivered().filter((c) => c.query.key === key).map((c) => (c.body as { markdown: { content: string } }).markdown.content)
    expect(sentWith(KEY)).toEqual(['a1', 'a2', 'a3'])
    expect(sentWith('key-b-0123456789abcdef')).toEqual(['b1', 'b2', 'b3'])
    for (const i of [1, 2, 3]) expect(await row(`u${i}`)).toMatchObject({ status: 'dead', last_error: expect.stringContaining('no binding') })
  })

  it('a private message goes through the app (message/send touser); all recipients invalid (81013) is dead', async () => {
    await enqueue('digest:wangshuji', md('**上周汇总**'), toUser('wangshuji'))
    const d = delivery()
    expect(await d.drainOnce()).toMatchObject({ sent: 1 })
    expect(server.delivered('message/send')[0]!.body).toMatchObject({ touser: 'wangshuji', agentid: 1000002, msgtype: 'markdown' })
    expect(await row('digest:wangshuji')).toMatchObject({ status: 'sent', channel: 'app' })
    server.failNext(1, { errcode: 81013, errmsg: 'user & party & tag all invalid' }, 'message/send')
    await enqueue('digest:nobody', md('x'), toUser('nobody'))
    expect(await d.drainOnce()).toMatchObject({ dead: 1 })
  })

  it('in app messages WeCom shows unnamed members by name ($userName=…$ with enable_id_trans); named ones and webhooks are left alone', async () => {
    await deps.db
      .insertInto('users')
      .values([
        { userid: 'zhouba', name: null, first_seen_at: '2026-11-23T01:00:00Z' },
        { userid: 'zhangsan', name: '张三', first_seen_at: '2026-11-23T01:00:00Z' },
      ])
      .execute()
    await enqueue('absent:1:wangshuji', md('缺席：zhouba、张三；zhouba_x 不是成员'), toUser('wangshuji'))
    await enqueue('named:1:wangshuji', md('缺席：张三'), toUser('wangshuji'))
    await enqueue('group:1', md('缺席：zhouba'))
    expect(await delivery().drainOnce()).toMatchObject({ sent: 3 })
    const [absent, named] = server.delivered('message/send').map((c) => c.body)
    expect(absent).toMatchObject({ enable_id_trans: 1, markdown: { content: '缺席：$userName=zhouba$、张三；zhouba_x 不是成员' } })
    expect(named).not.toHaveProperty('enable_id_trans')
    expect(server.delivered('webhook/send')[0]!.body).toMatchObject({ markdown: { content: '缺席：zhouba' } })
  })

  it('a private message without the app or the long connection is dead with "no channel"', async () => {
    deps.wecom = createWecomClient({ apiBase: server.url, app: {} }, deps.clock)
    await enqueue('notice:lisi', md('x'), toUser('lisi'))
    expect(await delivery().drainOnce()).toMatchObject({ dead: 1 })
    expect((await row('notice:lisi')).last_error).toContain('no channel')
  })

  it('a lost answer is retried: delivery is at least once (WeCom saw it twice)', async () => {
    server.failNext(1, { lost: true }, 'webhook/send')
    await enqueue('push-lost', md('x'))
    const d = delivery()
    expect(await d.drainOnce()).toMatchObject({ retried: 1 })
    deps.clock.advanceMinutes(1)
    expect(await d.drainOnce()).toMatchObject({ sent: 1 })
    expect(server.delivered()).toHaveLength(2)
  })
})

describe('45009: over WeCom\'s own limit', () => {
  const at = (ms: number) => new Date(Date.parse(MON_0900) + ms).toISOString()

  it('not a network failure: the row and the rest of its group wait, in order, until the key\'s window frees; other groups go on', async () => {
    await bindGroup('wr-dezb', 'key-dezb-0123456789abcdef')
    const d = delivery()
    await enqueue('a1', md('一'))
    await enqueue('a2', md('二'))
    expect(await d.drainOnce()).toMatchObject({ sent: 2 }) // our window: two sends at 09:00:00
    deps.clock.advanceSeconds(10)
    for (const k of ['a3', 'a4', 'a5']) await enqueue(k, md(k))
    await enqueue('other', md('第二党支部'), toGroup('wr-dezb'))
    server.failNext(1, { errcode: 45009, errmsg: 'api freq out of limit' }, 'webhook/send')
    expect(await d.drainOnce()).toEqual({ claimed: 4, sent: 1, retried: 1, dead: 0, deferred: 2 })
    // Free again when our oldest send leaves WeCom's window (plus the margin): 09:01:00.5, not a 30 s backoff.
    expect(await row('a3')).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(60_500) })
    expect((await row('a3')).last_error).toContain('45009')
    expect(await row('a4')).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: at(60_500), last_error: null })
    expect(await row('a5')).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: at(60_500) })
    expect(await row('other')).toMatchObject({ status: 'sent' })
    deps.clock.set(at(60_499))
    expect(await d.drainOnce()).toMatchObject({ claimed: 0 })
    deps.clock.set(at(60_500))
    expect(await d.drainOnce()).toMatchObject({ claimed: 3, sent: 3 })
    expect(server.delivered().filter((c) => c.query.key === KEY).map((c) => c.body.markdown.content)).toEqual(['一', '二', 'a3', 'a4', 'a5'])
  })

  it('with nothing sent here lately (someone else uses the key) the group waits a whole window', async () => {
    server.failNext(1, { errcode: 45009 }, 'webhook/send')
    await enqueue('b1', md('x'))
    expect(await delivery().drainOnce()).toMatchObject({ retried: 1 })
    expect(await row('b1')).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(60_500) })
  })

  it('a row WeCom keeps refusing is dead after rateLimitedMaxAttempts, not after maxAttempts', async () => {
    server.failNext(99, { errcode: 45009 }, 'webhook/send')
    await enqueue('c1', md('x'))
    const d = delivery({ maxAttempts: 2, rateLimitedMaxAttempts: 4 })
    for (let i = 1; i <= 3; i++) {
      expect(await d.drainOnce()).toMatchObject({ claimed: 1, retried: 1 })
      expect(await row('c1')).toMatchObject({ status: 'pending', attempts: i })
      deps.clock.advanceMinutes(2)
    }
    expect(await d.drainOnce()).toMatchObject({ dead: 1 })
    expect((await row('c1')).last_error).toMatch(/^gave up after 4 attempts: .*45009/)
  })
})

describe('limits and concurrency', () => {
  it('never more than 20 per minute per webhook key; the rest waits, in order, and other groups are not held up', async () => {
    await bindGroup('wr-dezb', 'key-dezb-0123456789abcdef')
    for (let i = 0; i < 45; i++) await enqueue(`n${String(i).padStart(2, '0')}`, md(`第${i}条`))
    await enqueue('other-group', md('第二党支部'), toGroup('wr-dezb'))
    const d = delivery()
    const sentPerPass: number[] = []
    for (let minute = 0; minute < 4; minute++) {
      const before = server.delivered().filter((c) => c.query.key === KEY).length
      const c1 = await d.drainOnce()
      expect(c1.dead + c1.retried).toBe(0)
      deps.clock.advanceSeconds(60)
      await d.drainOnce() // a minute later: WeCom's window has just opened, ours waits for the 500 ms margin
      sentPerPass.push(server.delivered().filter((c) => c.query.key === KEY).length - before)
      deps.clock.advance(500)
    }
    expect(sentPerPass).toEqual([20, 20, 5, 0])
    expect(server.delivered().filter((c) => c.query.key === KEY).map((c) => c.body.markdown.content)).toEqual(Array.from({ length: 45 }, (_, i) => `第${i}条`))
    expect(server.delivered().filter((c) => c.query.key !== KEY)).toHaveLength(1)
    const rows = await deps.db.selectFrom('outbox').select(['status', 'attempts']).execute()
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true)
  })

  it('two delivery loops on the same database never send a row twice', async () => {
    for (let g = 0; g < 30; g++) await bindGroup(`wr-g${g}`, `key-g${g}-0123456789`)
    for (let g = 0; g < 30; g++) for (let i = 0; i < 3; i++) await enqueue(`push-${g}-${i}`, md(`g${g}-${i}`), toGroup(`wr-g${g}`))
    const a = delivery({ workerId: 'worker-a', batchSize: 7 })
    const b = delivery({ workerId: 'worker-b', batchSize: 7 })
    let claimed = 0
    for (let pass = 0; pass < 20; pass++) {
      const [ca, cb] = await Promise.all([a.drainOnce(), b.drainOnce()])
      claimed += ca.claimed + cb.claimed
      if (ca.claimed + cb.claimed === 0) break
    }
    expect(claimed).toBe(90)
    const contents = server.delivered().map((c) => c.body.markdown.content)
    expect(contents).toHaveLength(90)
    expect(new Set(contents).size).toBe(90)
    const byWorker = await deps.db.selectFrom('outbox').select('claimed_by').where('status', '=', 'sent').execute()
    expect(byWorker).toHaveLength(90)
  })

  it('a row claimed by a worker that died is taken over once the claim expires', async () => {
    await enqueue('push-orphan', md('x'))
    const ghost = await claimDue(deps.dbh, { workerId: 'ghost', now: deps.clock.now(), claimMs: 120_000, limit: 10 })
    expect(ghost).toHaveLength(1)
    const d = delivery()
    expect(await d.drainOnce()).toMatchObject({ claimed: 0 })
    deps.clock.advanceSeconds(121)
    expect(await d.drainOnce()).toMatchObject({ sent: 1 })
    expect(await row('push-orphan')).toMatchObject({ status: 'sent', claimed_by: 'w1', attempts: 2 })
  })

  it('start() runs in the background and outbox.wake() triggers a pass', async () => {
    let d: Delivery | undefined
    const outbox = createOutbox(deps.clock, () => d?.wake())
    d = createDelivery({ ...deps, outbox } as typeof deps, { workerId: 'bg', pollMs: 60_000 })
    d.start()
    await outbox.enqueue(deps.db, { to: toGroup(GROUP), message: md('后台发送'), key: 'bg-1' })
    outbox.wake()
    await expect.poll(async () => (await row('bg-1')).status).toBe('sent')
    await d.stop()
    expect(server.delivered()).toHaveLength(1)
  })
})
