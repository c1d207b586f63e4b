// Prepared queries: built once, then each call binds its own values — the same rows as the query
// built anew would give, on either dialect, inside transactions too; a missing value is an error,
// never a silently bound NULL. On SQLite, inside a transaction, the statement runs on the connection
// directly (not through kysely's executor); outside one it still waits for the transaction in
// progress instead of writing into it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { prepared, written } from '../../src/db/prepared.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

let dbh: TestDb
beforeEach(async () => {
  dbh = await createTestDb()
})
afterEach(async () => {
  await dbh.drop()
})

const addUser = prepared((db, v: { userid: string; name: string | null; at: string }) =>
  db.insertInto('users').values({ userid: v.userid, name: v.name, first_seen_at: v.at }).onConflict((oc) => oc.column('userid').doNothing()),
)
const usersSeenSince = prepared((db, v: { at: string }) => db.selectFrom('users').select(['userid', 'name']).where('first_seen_at', '>=', v.at).orderBy('userid'))

describe('prepared queries', () => {
  it('binds new values on every call, and tells whether an insert wrote', async () => {
    expect(written(await addUser(dbh.db, { userid: 'zhangsan', name: '张三', at: '2026-11-23T01:00:00.000Z' }))).toBe(1)
    expect(written(await addUser(dbh.db, { userid: 'lisi', name: null, at: '2026-11-24T01:00:00.000Z' }))).toBe(1)
    expect(written(await addUser(dbh.db, { userid: 'zhangsan', name: '重复', at: '2026-11-25T01:00:00.000Z' }))).toBe(0)
    expect((await usersSeenSince(dbh.db, { at: '2026-11-01' })).rows).toEqual([
      { userid: 'lisi', name: null },
      { userid: 'zhangsan', name: '张三' },
    ])
    expect((await usersSeenSince(dbh.db, { at: '2026-11-24' })).rows).toEqual([{ userid: 'lisi', name: null }])
  })

  it('runs inside a transaction and rolls back with it', async () => {
    await dbh.db
      .transaction()
      .execute(async (trx) => {
        await addUser(trx, { userid: 'wangwu', name: '王五', at: '2026-11-23T01:00:00.000Z' })
        expect((await usersSeenSince(trx, { at: '2026-01-01' })).rows).toHaveLength(1)
        throw new Error('roll back')
      })
      .catch(() => {})
    expect((await usersSeenSince(dbh.db, { at: '2026-01-01' })).rows).toEqual([])
  })

  it('keeps each group-committed transaction’s writes with its own outcome', async () => {
    const kept = dbh.transact(async (trx) => addUser(trx, { userid: 'zhaoliu', name: '赵六', at: '2026-11-23T01:00:00.000Z' }))
    const failed = dbh.transact(async (trx) => {
      await addUser(trx, { userid: 'sunqi', name: '孙七', at: '2026-11-23T01:00:00.000Z' })
      throw new Error('roll back')
    })
    await expect(kept).resolves.toBeDefined()
    await expect(failed).rejects.toThrow('roll back')
    expect((await usersSeenSince(dbh.db, { at: '2026-01-01' })).rows).toEqual([{ userid: 'zhaoliu', name: '赵六' }])
  })

  it('runs on the connection directly inside a SQLite transaction, through kysely elsewhere', async () => {
    await dbh.db.transaction().execute(async (trx) => {
      const viaKysely = vi.spyOn(trx, 'executeQuery')
      await addUser(trx, { userid: 'wangwu', name: '王五', at: '2026-11-23T01:00:00.000Z' })
      expect(viaKysely).toHaveBeenCalledTimes(dbh.dialect === 'sqlite' ? 0 : 1)
    })
    const viaKysely = vi.spyOn(dbh.db, 'executeQuery')
    await addUser(dbh.db, { userid: 'lisi', name: '李四', at: '2026-11-23T01:00:00.000Z' })
    expect(viaKysely).toHaveBeenCalledTimes(1)
    viaKysely.mockRestore()
    expect((await usersSeenSince(dbh.db, { at: '2026-01-01' })).rows).toHaveLength(2)
  })

  it('outside a transaction waits for the one in progress and is not rolled back with it', async () => {
    let outside: Promise<unknown> | undefined
    await dbh.db
      .transaction()
      .execute(async (trx) => {
        await addUser(trx, { userid: 'wangwu', name: '王五', at: '2026-11-23T01:00:00.000Z' })
        outside = addUser(dbh.db, { userid: 'lisi', name: '李四', at: '2026-11-23T01:00:00.000Z' })
        // give the outside call every chance to run now (it must not, on SQLite's one connection)
        await new Promise((resolve) => setImmediate(resolve))
        await addUser(trx, { userid: 'zhaoliu', name: '赵六', at: '2026-11-23T01:00:00.000Z' })
        throw new Error('roll back')
      })
      .catch(() => {})
    await outside
    expect((await usersSeenSince(dbh.db, { at: '2026-01-01' })).rows).toEqual([{ userid: 'lisi', name: '李四' }])
  })

  it('refuses a call with a value missing', async () => {
    await expect(addUser(dbh.db, { userid: 'x', at: '2026-11-23' } as never)).rejects.toThrow('no value for "name"')
    expect((await usersSeenSince(dbh.db, { at: '2026-01-01' })).rows).toEqual([])
  })
})
