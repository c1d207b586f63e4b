// A database that is locked or gone: the callback answers 503 (WeCom redelivers) and writes nothing;
// the redelivery after recovery is answered normally.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { botText } from '../support/callback-client.js'
import { startHarness, type Harness } from './setup.js'

let h: Harness | undefined
let dir: string | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const help = (msgid: string) => botText({ msgid, userid: 'zhangsan', chatid: 'wr-dyzb', content: '@学习助手 /帮助' })

describe('database unavailable', () => {
  it('a locked SQLite database gives 503; the redelivery after the lock is answered', async () => {
    dir = mkdtempSync(join(tmpdir(), 'study-bot-lock-'))
    const file = join(dir, 'bot.db')
    const dbh = createDb(`sqlite:${file}`)
    await migrateToLatest(dbh.db)
    dbh.sqlite!.pragma('busy_timeout = 50')
    h = await startHarness({ dbh: { ...dbh, url: `sqlite:${file}`, drop: () => dbh.close() } })

    const other = new SqliteDatabase(file)
    other.exec('BEGIN EXCLUSIVE')
    const locked = await h.bot.send(help('lock-1'))
    expect(locked.status).toBe(503)
    expect(locked.text).toBe('')
    other.exec('COMMIT')
    other.close()
    expect(h.logs.filter((l) => l.level === 40)).toMatchObject([{ msg: 'callback deferred: database unavailable' }])

    expect(await h.rows()).toMatchObject({ inbound_messages: 0, streams: 0, outbox: 0 })
    const again = await h.bot.send(help('lock-1'))
    expect(again.status).toBe(200)
    expect(again.json().stream.content).toContain('可用命令')
    expect((await h.rows()).inbound_messages).toBe(1)
  })

  it('a closed database gives 503 with an empty body', async () => {
    h = await startHarness()
    await h.dbh.close()
    const r = await h.bot.send(help('closed-1'))
    expect(r.status).toBe(503)
    expect(r.text).toBe('')
  })
})
