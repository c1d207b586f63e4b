import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { backupSqlite, pruneBackups, restoreSqlite } from '../../src/db/backup.js'
import { createDb, type Db } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { award } from '../../src/points/ledger.js'
import { writeFileSync } from 'node:fs'

const open: Db[] = []
afterEach(async () => {
  for (const d of open.splice(0)) await d.close()
})

async function tables(dbh: Db): Promise<Record<string, unknown[]>> {
  const names = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(dbh.db)
  const out: Record<string, unknown[]> = {}
  for (const { name } of names.rows) out[name] = (await sql`select * from ${sql.table(name)} order by 1`.execute(dbh.db)).rows
  return out
}

describe('SQLite backup and restore', () => {
  it('restores into a fresh file with every table equal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'study-bot-backup-'))
    const live = createDb(`sqlite:${join(dir, 'live.db')}`)
    open.push(live)
    await migrateToLatest(live.db)
    for (let i = 0; i < 50; i++) {
      await award(live.db, { key: `k${i}`, userid: `u${i % 7}`, chatId: 'g', rule: 'checkin.daily', at: new Date(Date.UTC(2026, 10, 1 + (i % 28))), tz: 'Asia/Shanghai' })
    }
    await live.db.insertInto('users').values({ userid: 'zhangsan', name: '张三', first_seen_at: '2026-11-23T01:00:00.000Z' }).execute()

    const { path } = await backupSqlite(live, join(dir, 'backups', 'study-bot-1.db'))
    expect(readdirSync(join(dir, 'backups'))).toEqual(['study-bot-1.db']) // no -wal, -shm or .partial left beside it
    const target = join(dir, 'restored.db')
    writeFileSync(target, 'not a database')
    const { previous } = restoreSqlite(path, target)
    expect(previous).toBe(`${target}.before-restore`)
    const restored = createDb(`sqlite:${target}`)
    open.push(restored)
    const before = await tables(live)
    expect(Object.keys(before)).toContain('point_totals')
    expect(before.point_events).toHaveLength(50)
    expect(await tables(restored)).toEqual(before)
  })

  it('fails like an in-process error when the copy cannot be made, and leaves no partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'study-bot-backup-'))
    const live = createDb(`sqlite:${join(dir, 'live.db')}`)
    open.push(live)
    await migrateToLatest(live.db)
    rmSync(join(dir, 'live.db')) // the worker opens the file by its name; the bot's handle stays open
    const target = join(dir, 'backups', 'study-bot-1.db')
    await expect(backupSqlite(live, target)).rejects.toMatchObject({ name: 'SqliteError', message: expect.stringMatching(/unable to open database file/) })
    expect(existsSync(`${target}.partial`)).toBe(false)
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a damaged backup and keeps only the newest copies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'study-bot-backup-'))
    writeFileSync(join(dir, 'bad.db'), 'garbage garbage garbage')
    expect(() => restoreSqlite(join(dir, 'bad.db'), join(dir, 'x.db'))).toThrow()
    for (const d of ['01', '02', '03', '04', '05', '06', '07', '08', '09']) writeFileSync(join(dir, `study-bot-2026-11-${d}.db`), '')
    expect(pruneBackups(dir, 7).map((p) => p.slice(-20))).toEqual(['study-bot-2026-11-01.db', 'study-bot-2026-11-02.db'].map((p) => p.slice(-20)))
  })
})
