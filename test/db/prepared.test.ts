// Prepared queries: built once, then each call binds its own values — the same rows as the query
// built anew would give, on either dialect, inside transactions too; a missing value is an error,
// never a silently bound NULL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

  it('refuses a call with a value missing', async () => {
    await expect(addUser(dbh.db, { userid: 'x', at: '2026-11-23' } as never)).rejects.toThrow('no value for "name"')
    expect((await usersSeenSince(dbh.db, { at: '2026-01-01' })).rows).toEqual([])
  })
})
