// The database is briefly locked (SQLite: another connection holds the write lock longer than the busy
// timeout) or its connections are cut (PostgreSQL: the server terminates the bot's backends) while a
// writing command (/签到) arrives: 503 with an empty body (WeCom redelivers), no half-written state;
// the redelivery afterwards is handled once, and a further redelivery gets the same stored reply.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { botText } from '../support/callback-client.js'
import { PG_URL } from '../support/test-db.js'
import { startHarness, type Harness } from '../http/setup.js'
import { countAllTables } from '../scale/shared-db.js'

let h: Harness | undefined
let dir: string | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const signIn = (msgid: string) => botText({ msgid, userid: 'zhangsan', chatid: 'wr-dyzb', content: '@学习助手 /签到 学了第二章' })

async function breakTheDatabase(): Promise<() => void | Promise<void>> {
  if (!PG_URL) {
    const file = h!.dbh.url.replace(/^sqlite:/, '')
    const other = new SqliteDatabase(file)
    other.exec('BEGIN EXCLUSIVE')
    return () => {
      other.exec('COMMIT')
      other.close()
    }
  }
  // PostgreSQL: another session locks a table the command writes; once the bot's transaction (which
  // has already recorded the msgid) waits on it, the server terminates that backend (as on a failover).
  const schema = h!.dbh.schema!
  const admin = createDb(PG_URL, { schema, poolSize: 2 })
  const pg = (await import('pg')).default
  const lockClient = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` })
  await lockClient.connect()
  const lockPid = (await lockClient.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
  await lockClient.query('begin')
  await lockClient.query('lock table att_checkins in access exclusive mode')
  void (async () => {
    for (let i = 0; i < 400; i++) {
      const r = await sql<{ pid: number }>`select pid from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%att_checkins%' and pid <> ${lockPid}`.execute(admin.db)
      if (r.rows.length) {
        await sql`select pg_terminate_backend(${r.rows[0]!.pid})`.execute(admin.db)
        return
      }
      await new Promise((res) => setTimeout(res, 10))
    }
  })()
  return async () => {
    await lockClient.query('rollback')
    await lockClient.end()
    await admin.close()
  }
}

describe('database briefly unavailable', () => {
  it('a writing command gets 503 and writes nothing; the redelivery is handled once', async () => {
    if (PG_URL) h = await startHarness()
    else {
      dir = mkdtempSync(join(tmpdir(), 'study-bot-down-'))
      const file = join(dir, 'bot.db')
      const dbh = createDb(`sqlite:${file}`)
      await migrateToLatest(dbh.db)
      dbh.sqlite!.pragma('busy_timeout = 50')
      h = await startHarness({ dbh: { ...dbh, url: `sqlite:${file}`, drop: () => dbh.close() } })
    }
    const before = await countAllTables(h.dbh)
    const release = await breakTheDatabase()
    const failed = await h.bot.send(signIn('down-1'))
    await release()
    expect(failed.status).toBe(503)
    expect(failed.text).toBe('')
    expect(await countAllTables(h.dbh)).toEqual(before)

    const again = await h.bot.send(signIn('down-1'))
    expect(again.status).toBe(200)
    expect(again.json().stream.content).toContain('签到成功')
    const third = await h.bot.send(signIn('down-1'))
    expect(third.plain).toBe(again.plain)
    expect(await h.dbh.db.selectFrom('att_checkins').select('userid').execute()).toEqual([{ userid: 'zhangsan' }])
    expect(await h.dbh.db.selectFrom('inbound_messages').select('msgid').execute()).toEqual([{ msgid: 'down-1' }])
  })
})
