// inList: `column IN (values)` with the list as one parameter (JSON text read by json_each on
// SQLite, text[] on PostgreSQL) — the same rows as a list of parameters, on either dialect, for an
// empty list and for values that JSON or an array literal must quote.
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inList } from '../../src/db/in-list.js'
import { createTestDb, type TestDb } from '../support/test-db.js'

let dbh: TestDb
beforeEach(async () => {
  dbh = await createTestDb()
})
afterEach(async () => {
  await dbh.drop()
})

const AT = '2026-11-23T01:00:00.000Z'
const ids = ['zhangsan', 'li"si', 'wang,wu', '{zhao}', "o'liu", '\\sun', '张三', '']

async function usersIn(values: string[]): Promise<string[]> {
  const rows = await dbh.db.selectFrom('users').select('userid').where(inList(dbh.db, sql.ref('userid'), values)).orderBy('userid').execute()
  return rows.map((r) => r.userid)
}

describe('inList', () => {
  beforeEach(async () => {
    await dbh.db.insertInto('users').values(ids.map((userid) => ({ userid, name: null, first_seen_at: AT }))).execute()
  })

  it('matches exactly the listed values, quotes and separators included', async () => {
    for (const picked of [ids, ['li"si', '{zhao}'], ['wang,wu', "o'liu", '\\sun'], ['张三', ''], ['nobody', 'zhangsan']]) {
      const plain = await dbh.db.selectFrom('users').select('userid').where('userid', 'in', picked).orderBy('userid').execute()
      expect(await usersIn(picked)).toEqual(plain.map((r) => r.userid))
    }
    expect(await usersIn(['li"si', 'wang,wu'])).toEqual(['li"si', 'wang,wu'].sort())
  })

  it('an empty list matches nothing', async () => {
    expect(await usersIn([])).toEqual([])
  })
})
