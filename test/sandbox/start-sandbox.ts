// Starts the whole bot in sandbox mode on 127.0.0.1 (a free port) the way main.ts does, with a
// fresh test database and a temporary credentials file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type App } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { prepareSandbox, type Sandbox } from '../../src/sandbox/sandbox.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

export interface RunningSandbox {
  app: App
  sb: Sandbox
  dbh: TestDb
  url: string
  dir: string
  stop(): Promise<void>
}

export async function startSandbox(options: { file?: boolean } = {}): Promise<RunningSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-'))
  const dbh = await createTestDb(options.file ? { file: join(dir, 'bot.db') } : {})
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: dbh.url })
  const sb = await prepareSandbox(base, { credentialsFile: join(dir, 'sandbox.json'), pollMs: 200 })
  const app = await createApp({ config: sb.config, clock: sb.clock, dbh })
  await sb.attach(app)
  const server = await app.listen(sb.config.port, '127.0.0.1')
  await app.start()
  const addr = server.address()
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  return {
    app, sb, dbh, url, dir,
    async stop() {
      await sb.stop()
      await app.stop()
      await dbh.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
