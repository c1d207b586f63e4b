// Group commit on SQLite: transactions asked for together share one commit, yet each keeps or loses
// its own writes; nobody hears "done" before the shared commit; a failed commit fails them all as
// transient (WeCom redelivers). The checkpointer keeps the WAL short from its own thread.
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { sql } from 'kysely'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TransientError, isTransient } from '../../src/bot/transient.js'
import { BACKSTOP_PAGES, WAL_KEEP_BYTES, startCheckpointer } from '../../src/db/checkpointer.js'
import { SQLITE_CACHE_KIB, SQLITE_MMAP_BYTES, createDb, type Db } from '../../src/db/create-db.js'
import { groupCommit } from '../../src/db/group-commit.js'
import { withTempFilesOnDisk } from '../../src/db/migrate.js'

let dir: string
let dbh: Db
let reader: SqliteDatabase.Database

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'group-commit-'))
  const file = join(dir, 'g.db')
  dbh = createDb(`sqlite:${file}`)
  await sql`create table notes (id integer primary key, text text not null)`.execute(dbh.db)
  // Another connection, as a second reader (or process) would see the file.
  reader = new SqliteDatabase(file, { readonly: true })
})

afterEach(async () => {
  reader.close()
  await dbh.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The savepoint statements straight on the connection, as create-db.ts passes them. */
const exec = (statement: string) => void dbh.sqlite!.exec(statement)
const visibleToOthers = () => (reader.prepare('select id from notes order by id').all() as { id: number }[]).map((r) => r.id)
const insert = (id: number, text = 'x') => sql`insert into notes (id, text) values (${id}, ${text})`
/** Salt-1 of the WAL header: SQLite adds one to it each time it starts the log from the beginning. */
function walSalt(): number {
  const fd = openSync(join(dir, 'g.db-wal'), 'r')
  try {
    const header = Buffer.alloc(20)
    readSync(fd, header, 0, 20, 0)
    return header.readUInt32BE(16)
  } finally {
    closeSync(fd)
  }
}

describe('group commit', () => {
  it('runs transactions asked for together in one commit, answering each after it', async () => {
    const seenByOthers: number[][] = []
    const jobs = [1, 2, 3].map((id) =>
      dbh.transact(async (trx) => {
        await insert(id).execute(trx)
        seenByOthers.push(visibleToOthers())
        return `done ${id}`
      }),
    )
    expect(await Promise.all(jobs)).toEqual(['done 1', 'done 2', 'done 3'])
    // While the third ran, the first two were written but not yet committed: one shared commit.
    expect(seenByOthers).toEqual([[], [], []])
    expect(visibleToOthers()).toEqual([1, 2, 3])
  })

  it('rolls back only the transaction that failed; the others are kept', async () => {
    const results = await Promise.allSettled([
      dbh.transact((trx) => insert(1).execute(trx)),
      dbh.transact(async (trx) => {
        await insert(2).execute(trx)
        throw new Error('command failed')
      }),
      dbh.transact((trx) => insert(3).execute(trx)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('command failed')
    expect(visibleToOthers()).toEqual([1, 3])
  })

  it('keeps each member to its own outcome when a capped batch ends at the one that failed', async () => {
    // Batch 1: members 1 and 2 (2 rolls back to its savepoint); batch 2: member 3 alone.
    const transact = groupCommit(dbh.db, exec, 2)
    const results = await Promise.allSettled([
      transact((trx) => insert(1).execute(trx)),
      transact(async (trx) => {
        await insert(2).execute(trx)
        throw new Error('command failed')
      }),
      transact((trx) => insert(3).execute(trx)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(visibleToOthers()).toEqual([1, 3])
  })

  it('a failing statement inside one transaction leaves the batch usable', async () => {
    await dbh.transact((trx) => insert(1).execute(trx))
    const results = await Promise.allSettled([
      dbh.transact((trx) => insert(1).execute(trx)), // primary key taken
      dbh.transact((trx) => insert(2).execute(trx)),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled'])
    expect(visibleToOthers()).toEqual([1, 2])
  })

  it('a commit that fails fails every member as transient, and nothing is kept', async () => {
    // A deferred foreign key is checked at COMMIT: the shared commit fails.
    await sql`create table parent (id integer primary key)`.execute(dbh.db)
    await sql`create table child (parent_id integer references parent(id) deferrable initially deferred)`.execute(dbh.db)
    const results = await Promise.allSettled([
      dbh.transact((trx) => insert(1).execute(trx)),
      dbh.transact((trx) => sql`insert into child (parent_id) values (42)`.execute(trx)),
    ])
    for (const r of results) {
      expect(r.status).toBe('rejected')
      const reason = (r as PromiseRejectedResult).reason
      expect(reason).toBeInstanceOf(TransientError)
      expect(isTransient(reason)).toBe(true)
    }
    expect(visibleToOthers()).toEqual([])
    // The connection is free again afterwards.
    await dbh.transact((trx) => insert(5).execute(trx))
    expect(visibleToOthers()).toEqual([5])
  })

  it('caps a batch, so the last caller does not wait behind everyone', async () => {
    const transact = groupCommit(dbh.db, exec, 2)
    const order: string[] = []
    const jobs = [1, 2, 3].map((id) =>
      transact(async (trx) => {
        await insert(id).execute(trx)
        order.push(`${id} sees ${visibleToOthers().join(',') || 'none'}`)
      }),
    )
    await Promise.all(jobs)
    // 1 and 2 shared a commit; 3 ran in the next batch, after it.
    expect(order).toEqual(['1 sees none', '2 sees none', '3 sees 1,2'])
  })
})

/** SQLite's temporary files this process holds open (Linux; SQLite names them etilqs_…). */
function openTempFiles(): string[] {
  const paths = readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`)
    } catch {
      return ''
    }
  })
  return paths.filter((p) => p.includes('etilqs_'))
}

describe('the savepoints\' journal', () => {
  const big = (c: string) => c.repeat(1000)
  /** Two members in one batch; the first rewrites ~80 pages in its savepoint, looks, then fails. */
  async function rewriteInABatch(): Promise<string[]> {
    for (let id = 1; id <= 300; id++) await insert(id, big('x')).execute(dbh.db)
    let seen: string[] = []
    const results = await Promise.allSettled([
      dbh.transact(async (trx) => {
        await sql`update notes set text = ${big('y')}`.execute(trx)
        seen = openTempFiles()
        throw new Error('member fails')
      }),
      dbh.transact((trx) => sql`update notes set text = ${big('z')} where id = 1`.execute(trx)),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled'])
    const texts = (reader.prepare('select text from notes order by id').all() as { text: string }[]).map((r) => r.text[0])
    expect(texts[0]).toBe('z')
    expect(new Set(texts.slice(1))).toEqual(new Set(['x']))
    return seen
  }

  it('is kept in memory: a member that rewrites many pages opens no temporary file, and its failure still undoes them', async () => {
    expect(dbh.sqlite!.pragma('temp_store', { simple: true })).toBe(2)
    expect(await rewriteInABatch()).toEqual([])
  })

  it('would be a file on disk with SQLite\'s default (the check above can see one)', async () => {
    dbh.sqlite!.pragma('temp_store = DEFAULT')
    expect((await rewriteInABatch()).length).toBeGreaterThan(0)
  })

  it('migrations run with temporary files on disk, and the connection gets its own setting back', async () => {
    const inside: unknown[] = []
    await withTempFilesOnDisk(dbh.db, async () => void inside.push(dbh.sqlite!.pragma('temp_store', { simple: true })))
    await expect(withTempFilesOnDisk(dbh.db, () => Promise.reject(new Error('migration failed')))).rejects.toThrow('migration failed')
    expect(inside).toEqual([1])
    expect(dbh.sqlite!.pragma('temp_store', { simple: true })).toBe(2)
  })
})

describe('reading the file', () => {
  const mapped = () => readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => line.endsWith(join(dir, 'g.db'))).length

  it('goes through a memory map of the database file, with a small page cache beside it', async () => {
    await dbh.transact(async (trx) => {
      for (let id = 1; id <= 50; id++) await insert(id, 'x'.repeat(2000)).execute(trx)
    })
    dbh.sqlite!.pragma('wal_checkpoint(TRUNCATE)')
    expect(await sql<{ n: number }>`select count(*) as n from notes`.execute(dbh.db).then((r) => r.rows)).toEqual([{ n: 50 }])
    expect(mapped()).toBeGreaterThan(0)
    expect(dbh.sqlite!.pragma('mmap_size', { simple: true })).toBe(SQLITE_MMAP_BYTES)
    expect(dbh.sqlite!.pragma('cache_size', { simple: true })).toBe(-SQLITE_CACHE_KIB)
  })
})

describe('checkpointer', () => {
  it('copies the WAL into the database file from its own thread, without blocking writers', async () => {
    // The timer never fires here: the test asks for each checkpoint itself.
    const cp = startCheckpointer(dbh.sqlite!, pino({ level: 'silent' }), 3_600_000)
    try {
      const big = 'x'.repeat(3000)
      for (let i = 0; i < 3000; i++) await dbh.transact((trx) => insert(i, big).execute(trx))
      // The bot's connection checkpoints itself only past a large WAL; the file shrinks back when the log restarts.
      expect(dbh.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES)
      expect(dbh.sqlite!.pragma('journal_size_limit', { simple: true })).toBe(WAL_KEEP_BYTES)
      // ≈ 9 MB went through the WAL, below that backstop (400 MB): still all there.
      expect(statSync(join(dir, 'g.db')).size).toBeLessThan(1_000_000)
      expect(await cp.checkpoint()).toMatchObject({ pending: 0 })
      expect(statSync(join(dir, 'g.db')).size).toBeGreaterThan(9_000_000)
      // Writers go on; the next checkpoint catches up again.
      await dbh.transact((trx) => insert(100_000).execute(trx))
      expect(await cp.checkpoint()).toMatchObject({ pending: 0 })
      expect(visibleToOthers()).toHaveLength(3001)
    } finally {
      await cp.stop()
    }
  })

  it('starts the log from the beginning again although the bot never stops writing', async () => {
    // Restarting at 2,000 frames instead of RESTART_FRAMES (32,768) keeps the test small.
    const restartFrames = 2000
    const cp = startCheckpointer(dbh.sqlite!, pino({ level: 'silent' }), 3_600_000, restartFrames)
    try {
      const big = 'x'.repeat(3000)
      let id = 0
      const write = () => dbh.transact((trx) => insert(id++, big).execute(trx))
      const walFrames: number[] = []
      const restarts: number[] = []
      for (let round = 0; round < 4; round++) {
        const salt = walSalt()
        for (let i = 0; i < 1500; i++) await write()
        // Commits go on while the worker copies, as they do under load: the worker alone never
        // finds the WAL fully copied at the start of a write, so the log would only ever grow.
        let copied = false
        const pass = cp.checkpoint().finally(() => (copied = true))
        while (!copied) {
          await write()
          await new Promise((resolve) => setImmediate(resolve))
        }
        walFrames.push((await pass).frames)
        // The first write after the last frames were copied starts the log again.
        await write()
        restarts.push(walSalt() - salt)
      }
      // Every round's log started again: it never held more than one round's rows (~1,500 or more,
      // up to three frames each), and rounds found it long enough to. How many rows went in while
      // the worker copied depends on how fast this machine's disk syncs; with the CPU busy (a `yes`
      // beside it) a round now and then started twice — [2, 1, 1, 1] — and its pass then found a
      // short log (99 frames): more restarts than needed are harmless, none is the failure.
      expect(Math.max(...walFrames)).toBeGreaterThan(restartFrames)
      expect(restarts.every((n) => n >= 1)).toBe(true)
      expect(visibleToOthers()).toHaveLength(id)
    } finally {
      await cp.stop()
    }
  })
})
