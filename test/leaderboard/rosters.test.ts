// group_rosters (active members per chat) is kept by triggers on memberships, whoever writes them:
// joining, leaving, rejoining, moving and deleting must leave it equal to a fresh count.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await createTestDeps()
})
afterEach(() => deps.dbh.drop())

async function counts(): Promise<{ kept: Record<string, number>; fresh: Record<string, number> }> {
  const db = deps.db
  const kept = await db.selectFrom('group_rosters').select(['chat_id', 'members']).where('members', '>', 0).execute()
  const fresh = await db.selectFrom('memberships').select(['chat_id', (eb) => eb.fn.countAll<number>().as('n')]).where('left_at', 'is', null).groupBy('chat_id').execute()
  return { kept: Object.fromEntries(kept.map((r) => [r.chat_id, Number(r.members)])), fresh: Object.fromEntries(fresh.map((r) => [r.chat_id, Number(r.n)])) }
}

describe('group_rosters', () => {
  it('follows joins, leaves, rejoins, moves and deletes', async () => {
    const db = deps.db
    const at = '2026-11-23T01:00:00.000Z'
    const join = (chat: string, userid: string) => db.insertInto('memberships').values({ chat_id: chat, userid, role: 'member', joined_at: at, left_at: null }).execute()
    for (const u of ['a', 'b', 'c']) await join('wrA', u)
    await join('wrB', 'a')
    await db.insertInto('memberships').values({ chat_id: 'wrB', userid: 'gone', role: 'member', joined_at: at, left_at: at }).execute()
    expect((await counts()).kept).toEqual({ wrA: 3, wrB: 1 })
    await db.updateTable('memberships').set({ left_at: at }).where('chat_id', '=', 'wrA').where('userid', '=', 'b').execute()
    await db.updateTable('memberships').set({ left_at: at }).where('chat_id', '=', 'wrA').where('userid', '=', 'b').execute() // leaving twice counts once
    await db.updateTable('memberships').set({ left_at: null }).where('chat_id', '=', 'wrB').where('userid', '=', 'gone').execute()
    await db.updateTable('memberships').set({ role: 'admin' }).where('chat_id', '=', 'wrA').execute()
    expect((await counts()).kept).toEqual({ wrA: 2, wrB: 2 })
    await db.updateTable('memberships').set({ chat_id: 'wrC' }).where('chat_id', '=', 'wrA').where('userid', '=', 'c').execute()
    await db.deleteFrom('memberships').where('chat_id', '=', 'wrB').where('userid', '=', 'a').execute()
    const c = await counts()
    expect(c.kept).toEqual({ wrA: 1, wrB: 1, wrC: 1 })
    expect(c.kept).toEqual(c.fresh)
  })

  it('stays right when memberships are written by upserts (re-seeding, rejoining)', async () => {
    const upsert = (chat: string, userid: string) =>
      deps.db
        .insertInto('memberships')
        .values({ chat_id: chat, userid, role: 'member', joined_at: '2026-11-23T01:00:00Z', left_at: null })
        .onConflict((oc) => oc.columns(['chat_id', 'userid']).doUpdateSet({ left_at: null }))
        .execute()
    for (const u of ['a', 'b', 'c']) await upsert('wrA', u)
    for (const u of ['a', 'b', 'c']) await upsert('wrA', u)
    await deps.db.updateTable('memberships').set({ left_at: '2026-11-24T01:00:00Z' }).where('userid', '=', 'b').execute()
    await upsert('wrA', 'b')
    const c = await counts()
    expect(c.kept).toEqual({ wrA: 3 })
    expect(c.kept).toEqual(c.fresh)
  })
})
