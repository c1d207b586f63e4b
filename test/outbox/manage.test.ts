import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { countByStatus, discard, listOutbox, retryDead } from '../../src/outbox/manage.js'
import { createOutbox, toGroup } from '../../src/outbox/outbox.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => (deps = await createTestDeps()))
afterEach(() => deps.dbh.drop())

async function seed() {
  for (const key of ['a', 'b', 'c']) await deps.outbox.enqueue(deps.db, { to: toGroup('g'), message: { type: 'markdown', content: key }, key })
  await deps.db.updateTable('outbox').set({ status: 'dead', attempts: 8, last_error: 'HTTP 502' }).where('dedupe_key', 'in', ['a', 'b']).execute()
}

describe('operating the outbox', () => {
  it('lists dead rows, retries them with a fresh count, discards what should never go', async () => {
    await seed()
    expect((await listOutbox(deps.db)).map((r) => r.dedupe_key)).toEqual(['b', 'a'])
    const [b] = await listOutbox(deps.db)
    expect(await retryDead(deps.db, deps.clock.now(), [b!.id])).toBe(1)
    expect(await countByStatus(deps.db)).toEqual({ dead: 1, pending: 2 })
    const retried = await deps.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', 'b').executeTakeFirstOrThrow()
    expect(retried).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: deps.clock.now().toISOString() })
    const c = await deps.db.selectFrom('outbox').select('id').where('dedupe_key', '=', 'c').executeTakeFirstOrThrow()
    expect(await discard(deps.db, [c.id], 'operator')).toBe(1)
    expect(await retryDead(deps.db, deps.clock.now())).toBe(1)
    expect(await countByStatus(deps.db)).toEqual({ discarded: 1, pending: 2 })
  })

  it('npm run outbox works as a command against a database file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'study-bot-outbox-')), 'bot.db')
    const dbh = createDb(`sqlite:${file}`)
    await migrateToLatest(dbh.db)
    await createOutbox(deps.clock).enqueue(dbh.db, { to: toGroup('g'), message: { type: 'markdown', content: 'x' }, key: 'k1' })
    await dbh.db.updateTable('outbox').set({ status: 'dead', last_error: 'no binding' }).execute()
    await dbh.close()
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/outbox.ts', ...args], { env: { ...process.env, DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent' } })
    expect((await run()).stdout).toContain('no binding')
    expect((await run('retry', 'dead')).stdout).toContain('已放回队列：1 条')
    expect((await run('list', 'pending')).stdout).toContain('k1')
    await expect(run('frobnicate')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('用法') })
  })
})
