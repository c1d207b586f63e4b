// Secrets never appear in logs or replies. A whole scenario runs with the production logger
// (createLogger + secretsOf(config), as createApp builds it) writing into a captured stream: callbacks
// in, a webhook key bound with /群 推送, a failing webhook call (the key is in its URL), private
// messages through the app with a token refresh (corpsecret and access_token in URLs). Then every log
// line, every reply and the audit log are searched for every secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { secretsOf } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { toUser } from '../../src/outbox/outbox.js'
import { appText, botText, CallbackClient, generateCallbackKeys } from '../support/callback-client.js'
import { FakeClock } from '../support/fake-clock.js'
import { FakeWecomServer } from '../support/fake-wecom-server.js'
import { testConfig } from '../support/test-config.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

const CORP = 'ww7e2a1c0ffee5ba11'
const APP_SECRET = 'Zq8appSecretValue0123456789abcdefXYZ'
const WEBHOOK_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'

let fake: FakeWecomServer
let dbh: TestDb
let app: App
let clock: FakeClock
let lines: string[]
let bot: CallbackClient
let appClient: CallbackClient
let secrets: string[]

beforeEach(async () => {
  fake = await FakeWecomServer.start()
  fake.corpId = CORP
  fake.secret = APP_SECRET
  const botKeys = generateCallbackKeys()
  const appKeys = generateCallbackKeys()
  const config = testConfig({
    WECOM_BOT_TOKEN: botKeys.token, WECOM_BOT_AES_KEY: botKeys.aesKey, WECOM_API_BASE: fake.url, LOG_LEVEL: 'debug',
    WECOM_CORP_ID: CORP, WECOM_APP_AGENT_ID: '1000002', WECOM_APP_SECRET: APP_SECRET, WECOM_APP_TOKEN: appKeys.token, WECOM_APP_AES_KEY: appKeys.aesKey,
  })
  lines = []
  const logger = createLogger('debug', secretsOf(config), { write: (line: string) => void lines.push(line) })
  clock = new FakeClock()
  dbh = await createTestDb()
  app = await createApp({ config, clock, dbh, logger, callbacks: { replyBudgetMs: 5000 } })
  const server = await app.listen(0, '127.0.0.1')
  const port = (server.address() as { port: number }).port
  bot = new CallbackClient({ baseUrl: `http://127.0.0.1:${port}`, format: 'json', ...botKeys, receiveId: '', clock })
  appClient = new CallbackClient({ baseUrl: `http://127.0.0.1:${port}`, format: 'xml', ...appKeys, receiveId: CORP, clock })
  secrets = [APP_SECRET, WEBHOOK_KEY, botKeys.token, botKeys.aesKey, appKeys.token, appKeys.aesKey]
})
afterEach(async () => {
  await app.stop()
  await fake.close()
  await dbh.drop()
})

describe('secrets', () => {
  it('never appear in logs, replies or the audit log during a full scenario', async () => {
    const replies: string[] = []
    const say = async (userid: string, content: string, chatid?: string) => {
      const r = await bot.send(botText({ userid, content: chatid ? `@学习助手 ${content}` : content, chatid }))
      replies.push(r.plain)
      return r
    }
    await say('zhangsan', '/签到', 'wr-dyzb')
    await say('wangshuji', '/群 命名 一支部', 'wr-dyzb')
    const bound = await say('wangshuji', `/群 推送 一支部 ${WEBHOOK_KEY}`)
    expect(bound.json().stream.content).toContain('已为“一支部”绑定群机器人推送')
    const wrong = await say('wangshuji', `/群 推送 一支部 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WEBHOOK_KEY}x!`)
    expect(wrong.status).toBe(200)
    const viaApp = await appClient.send(appText({ corpId: CORP, userid: 'lisi', content: '/帮助', createTime: Math.floor(app.deps.clock.now().getTime() / 1000) }))
    replies.push(viaApp.plain)

    // The webhook fails twice (its URL carries the key), then works.
    fake.failNext(1, { http: 500 }, 'webhook/send')
    fake.failNext(1, { errcode: 93000, errmsg: `invalid webhook url, key=${WEBHOOK_KEY}` }, 'webhook/send')
    await app.delivery.drainOnce()
    // Private messages through the app: token fetched (corpsecret in the URL), then expired and refreshed.
    await app.deps.outbox.enqueue(app.deps.db, { to: toUser('zhangsan'), message: { type: 'markdown', content: '提醒一' }, key: 'sec:1' })
    await app.delivery.drainOnce()
    fake.expireTokens()
    await app.deps.outbox.enqueue(app.deps.db, { to: toUser('lisi'), message: { type: 'markdown', content: '提醒二' }, key: 'sec:2' })
    await app.delivery.drainOnce()
    // The webhook's second attempt: 93000 with the key echoed in WeCom's error message.
    clock.advanceSeconds(60)
    await app.delivery.drainOnce()

    // The scenario really happened: the key and the secret were used on the wire.
    expect(fake.callsTo('webhook/send').some((c) => c.query.key === WEBHOOK_KEY)).toBe(true)
    expect(fake.callsTo('gettoken').filter((c) => c.query.corpsecret === APP_SECRET).length).toBeGreaterThanOrEqual(2)
    expect(fake.callsTo('message/send').map((c) => c.outcome)).toContain('42001')
    expect(fake.callsTo('webhook/send').map((c) => c.outcome)).toEqual(['http 500', '93000'])
    expect(lines.filter((l) => l.includes('outbox: send failed'))).toHaveLength(2)

    const tokens = fake.calls.filter((c) => c.api === 'message/send').map((c) => c.query.access_token!).filter(Boolean)
    const outbox = await app.deps.db.selectFrom('outbox').select(['last_error', 'payload']).execute()
    const audit = await app.deps.db.selectFrom('audit_log').select(['action', 'detail', 'target']).execute()
    const haystacks = { logs: lines.join('\n'), replies: replies.join('\n'), outboxErrors: JSON.stringify(outbox), audit: JSON.stringify(audit) }
    for (const secret of [...secrets, ...tokens]) {
      for (const [where, text] of Object.entries(haystacks)) expect(text.includes(secret), `${secret} in ${where}`).toBe(false)
    }
  })
})
