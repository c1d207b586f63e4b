// `npm run backup` and `npm run restore` as real processes against a temporary SQLite database
// (DATABASE_URL): the restored file holds exactly the rows of every table of the original.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { REPO_ROOT } from '../support/bot-process.js'

const run = promisify(execFile)
let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

async function dump(dbh: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const t of (await dbh.db.introspection.getTables()).map((x) => x.name).sort()) {
    out[t] = await dbh.db.selectFrom(t as 'users').selectAll().orderBy((eb) => eb.lit(1)).execute()
  }
  return out
}

const cli = (script: string, databaseUrl: string, arg: string) =>
  run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, arg], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: databaseUrl }, timeout: 90_000 })

describe('backup and restore scripts', () => {
  it('restore a backup into a fresh file with every table equal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'study-bot-backup-'))
    const live = createDb(`sqlite:${join(dir, 'live.db')}`)
    await migrateToLatest(live.db)
    const at = '2026-11-23T01:00:00.000Z'
    for (let i = 0; i < 50; i++) {
      await live.db.insertInto('users').values({ userid: `u${i}`, name: `成员${i}`, first_seen_at: at }).execute()
      await live.db.insertInto('inbound_messages').values({ msgid: `m${i}`, via: 'bot', chat_id: 'wr-1', userid: `u${i}`, received_at: at, status: 'done', body: '{"中文":"内容"}', reply: null }).execute()
    }
    await live.db.insertInto('chats').values({ chat_id: 'wr-1', type: 'group', name: '一支部', first_seen_at: at, last_seen_at: at, webhook_key: null, longconn_ok: 0, last_push_at: null }).execute()
    const original = await dump(live)

    const backup = join(dir, 'backups', 'study-bot-test.db')
    const b = await cli('backup', `sqlite:${join(dir, 'live.db')}`, backup) // while the live handle is open
    expect(b.stdout).toContain('备份完成')
    expect(existsSync(backup)).toBe(true)
    await live.close()

    const fresh = join(dir, 'restored', 'fresh.db')
    const r = await cli('restore', `sqlite:${fresh}`, backup)
    expect(r.stdout).toContain('已恢复')
    const restored = createDb(`sqlite:${fresh}`)
    try {
      expect(await dump(restored)).toEqual(original)
      expect(Object.keys(original)).toContain('leases')
      expect(original.users).toHaveLength(50)
    } finally {
      await restored.close()
    }
  }, 120_000)
})
