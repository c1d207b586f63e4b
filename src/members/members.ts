// People and where they belong: a userid seen in a group joins that group's roster; names come
// from the roster (or the userid until named); admins are configured or added by command.
import { prepared } from '../db/prepared.js'
import type { DbOrTrx } from '../deps.js'

export async function touchChat(db: DbOrTrx, chat: { id: string; type: 'group' | 'single' }, at: string): Promise<void> {
  await db
    .insertInto('chats')
    .values({ chat_id: chat.id, type: chat.type, first_seen_at: at, last_seen_at: at, longconn_ok: 0 })
    .onConflict((oc) => oc.column('chat_id').doUpdateSet({ last_seen_at: at }))
    .execute()
}

/** Records the user, and their membership when the message came from a group. */
export async function touchMember(db: DbOrTrx, userid: string, chat: { id: string; type: 'group' | 'single' }, at: string): Promise<void> {
  await db.insertInto('users').values({ userid, name: null, first_seen_at: at }).onConflict((oc) => oc.column('userid').doNothing()).execute()
  if (chat.type === 'group') {
    await db
      .insertInto('memberships')
      .values({ chat_id: chat.id, userid, role: 'member', joined_at: at, left_at: null })
      .onConflict((oc) => oc.columns(['chat_id', 'userid']).doNothing())
      .execute()
  }
}

export async function displayName(db: DbOrTrx, userid: string): Promise<string> {
  const row = await db.selectFrom('users').select('name').where('userid', '=', userid).executeTakeFirst()
  return row?.name ?? userid
}

/** Names for many userids at once (userid where unnamed). */
export async function displayNames(db: DbOrTrx, userids: string[]): Promise<Map<string, string>> {
  const out = new Map(userids.map((u) => [u, u]))
  if (userids.length === 0) return out
  const rows = await db.selectFrom('users').select(['userid', 'name']).where('userid', 'in', [...new Set(userids)]).execute()
  for (const r of rows) if (r.name) out.set(r.userid, r.name)
  return out
}

export async function isAdmin(db: DbOrTrx, configured: string[], userid: string): Promise<boolean> {
  if (configured.includes(userid)) return true
  const row = await db.selectFrom('admins').select('userid').where('userid', '=', userid).executeTakeFirst()
  return row !== undefined
}

export async function adminIds(db: DbOrTrx, configured: string[]): Promise<string[]> {
  const rows = await db.selectFrom('admins').select('userid').execute()
  return [...new Set([...configured, ...rows.map((r) => r.userid)])]
}

/**
 * Resolves a typed mention ('张三' or 'zhangsan') to a userid: exact userid first, then a roster
 * name (within the chat when given). Undefined when nobody or more than one person matches.
 */
export async function resolveMention(db: DbOrTrx, mention: string, chatId?: string): Promise<string | undefined> {
  const byId = await db.selectFrom('users').select('userid').where('userid', '=', mention).executeTakeFirst()
  if (byId) return byId.userid
  let q = db.selectFrom('users').select('users.userid').where('users.name', '=', mention)
  if (chatId) {
    q = q.innerJoin('memberships', 'memberships.userid', 'users.userid').where('memberships.chat_id', '=', chatId).where('memberships.left_at', 'is', null)
  }
  const rows = await q.execute()
  return rows.length === 1 ? rows[0]!.userid : undefined
}

export async function audit(
  db: DbOrTrx,
  entry: { at: string; actor: string; action: string; chatId?: string; target?: string; detail?: unknown },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      chat_id: entry.chatId ?? null,
      target: entry.target ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .execute()
}

export interface Sender {
  name: string
  isAdmin: boolean
}

/**
 * touchChat + touchMember + displayName + isAdmin for an inbound message, in one read and only the
 * writes that change something: the chat row when new or last seen in an earlier minute (so
 * last_seen_at is exact to the minute), the user and the membership when missing.
 */
// Every inbound message runs these three: prepared once (src/db/prepared.ts).
const senderFacts = prepared((db, v: { chatId: string; userid: string }) =>
  db.selectNoFrom((eb) => [
    eb.selectFrom('chats').select('last_seen_at').where('chat_id', '=', v.chatId).as('chat_seen'),
    eb.selectFrom('users').select('userid').where('userid', '=', v.userid).as('known'),
    eb.selectFrom('users').select('name').where('userid', '=', v.userid).as('name'),
    eb.selectFrom('memberships').select('userid').where('chat_id', '=', v.chatId).where('userid', '=', v.userid).as('member'),
    eb.selectFrom('admins').select('userid').where('userid', '=', v.userid).as('admin'),
  ]),
)
const newUser = prepared((db, v: { userid: string; at: string }) =>
  db.insertInto('users').values({ userid: v.userid, name: null, first_seen_at: v.at }).onConflict((oc) => oc.column('userid').doNothing()),
)
const newMember = prepared((db, v: { chatId: string; userid: string; at: string }) =>
  db
    .insertInto('memberships')
    .values({ chat_id: v.chatId, userid: v.userid, role: 'member', joined_at: v.at, left_at: null })
    .onConflict((oc) => oc.columns(['chat_id', 'userid']).doNothing()),
)

export async function touchSender(db: DbOrTrx, configuredAdmins: string[], userid: string, chat: { id: string; type: 'group' | 'single' }, at: string): Promise<Sender> {
  const facts = (await senderFacts(db, { chatId: chat.id, userid })).rows[0]!
  if (!facts.chat_seen || facts.chat_seen.slice(0, 16) !== at.slice(0, 16)) await touchChat(db, chat, at)
  if (!facts.known) await newUser(db, { userid, at })
  if (chat.type === 'group' && !facts.member) await newMember(db, { chatId: chat.id, userid, at })
  return { name: facts.name ?? userid, isAdmin: configuredAdmins.includes(userid) || Boolean(facts.admin) }
}
