// A command that wants a file next ("/题库 导入", then send the file) records which command will
// receive the next file from this user in this chat.
import type { DbOrTrx } from '../deps.js'

const key = (userid: string, chatId: string) => `pending_upload:${chatId}:${userid}`
const TTL_MS = 10 * 60 * 1000

export async function expectUpload(db: DbOrTrx, userid: string, chatId: string, command: string, now: Date): Promise<void> {
  const value = JSON.stringify({ command, until: new Date(now.getTime() + TTL_MS).toISOString() })
  await db
    .insertInto('settings')
    .values({ key: key(userid, chatId), value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute()
}

/** The command waiting for this user's file, if any (and not expired); clears it. */
export async function takePendingUpload(db: DbOrTrx, userid: string, chatId: string, now: Date): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key(userid, chatId)).executeTakeFirst()
  if (!row) return undefined
  await db.deleteFrom('settings').where('key', '=', key(userid, chatId)).execute()
  const { command, until } = JSON.parse(row.value) as { command: string; until: string }
  return until > now.toISOString() ? command : undefined
}
