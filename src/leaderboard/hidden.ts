// Members who hide from public leaderboards (/排行 隐藏). They still see their own rank privately.
import type { DbOrTrx } from '../deps.js'

/** Returns false when the member was already hidden. */
export async function hide(db: DbOrTrx, userid: string, at: Date): Promise<boolean> {
  const r = await db
    .insertInto('leaderboard_hidden')
    .values({ userid, hidden_at: at.toISOString() })
    .onConflict((oc) => oc.column('userid').doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Returns false when the member was not hidden. */
export async function show(db: DbOrTrx, userid: string): Promise<boolean> {
  const r = await db.deleteFrom('leaderboard_hidden').where('userid', '=', userid).executeTakeFirst()
  return Number(r.numDeletedRows ?? 0) > 0
}

export async function isHidden(db: DbOrTrx, userid: string): Promise<boolean> {
  return (await db.selectFrom('leaderboard_hidden').select('userid').where('userid', '=', userid).executeTakeFirst()) !== undefined
}

export async function hiddenUserids(db: DbOrTrx): Promise<string[]> {
  return (await db.selectFrom('leaderboard_hidden').select('userid').execute()).map((r) => r.userid)
}
