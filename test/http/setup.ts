// A real app (createApp) listening on loopback, with generated callback keys, a fake clock, a
// fresh database and a logger whose lines the test can read.
import type { Server } from 'node:http'
import { createApp, type App, type AppOptions } from '../../src/app.js'
import { createLogger } from '../../src/log.js'
import { CallbackClient, generateCallbackKeys } from '../support/callback-client.js'
import { FakeClock } from '../support/fake-clock.js'
import { testConfig } from '../support/test-config.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

export const CORP_ID = 'ww7e2a1c0ffee5ba11'

export interface Harness {
  app: App
  server: Server
  baseUrl: string
  clock: FakeClock
  dbh: TestDb
  bot: CallbackClient
  appClient: CallbackClient
  /** Log lines (parsed JSON) written so far. */
  logs: Record<string, any>[]
  rows(): Promise<Record<string, number>>
  close(): Promise<void>
}

export interface HarnessOptions extends Partial<Pick<AppOptions, 'registry' | 'callbacks'>> {
  env?: Record<string, string>
  dbh?: TestDb
  /** A second instance of the same deployment: same configuration, keys, clock and database. */
  twinOf?: Harness
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const twin = options.twinOf
  const botKeys = twin ? { token: twin.bot.options.token, aesKey: twin.bot.options.aesKey } : generateCallbackKeys()
  const appKeys = twin ? { token: twin.appClient.options.token, aesKey: twin.appClient.options.aesKey } : generateCallbackKeys()
  const clock = twin?.clock ?? new FakeClock()
  const dbh = twin?.dbh ?? options.dbh ?? (await createTestDb())
  const config = twin?.app.deps.config ?? testConfig({
    WECOM_BOT_TOKEN: botKeys.token,
    WECOM_BOT_AES_KEY: botKeys.aesKey,
    WECOM_CORP_ID: CORP_ID,
    WECOM_APP_AGENT_ID: '1000002',
    WECOM_APP_SECRET: 'appsecret-for-tests',
    WECOM_APP_TOKEN: appKeys.token,
    WECOM_APP_AES_KEY: appKeys.aesKey,
    ...options.env,
  })
  const logs: Record<string, any>[] = []
  const logger = createLogger('info', [botKeys.aesKey, appKeys.aesKey], { write: (line: string) => void logs.push(JSON.parse(line)) })
  const app = await createApp({ config, clock, dbh, logger, callbacks: { replyBudgetMs: 5000, ...options.callbacks }, registry: options.registry })
  const server = await app.listen(0, '127.0.0.1')
  const address = server.address()
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    app,
    server,
    baseUrl,
    clock,
    dbh,
    logs,
    bot: new CallbackClient({ baseUrl, format: 'json', ...botKeys, receiveId: '', clock }),
    appClient: new CallbackClient({ baseUrl, format: 'xml', ...appKeys, receiveId: CORP_ID, clock }),
    async rows() {
      const out: Record<string, number> = {}
      for (const table of ['inbound_messages', 'streams', 'outbox', 'chats', 'users', 'memberships', 'audit_log'] as const) {
        const r = await dbh.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
        out[table] = Number(r.n)
      }
      return out
    },
    async close() {
      await app.stop()
      if (!twin) await dbh.drop()
    },
  }
}

export const warnings = (h: Harness) => h.logs.filter((l) => l.level === 40)
