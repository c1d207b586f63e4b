// The roster (花名册): who belongs to which group and under what name. Auto-join happens in
// members.ts (touchMember); this module adds, removes, renames, lists and imports.
import type { DbOrTrx } from '../deps.js'
import { nfkc } from '../bot/normalize.js'

export interface RosterMember {
  userid: string
  name: string
  /** true while shown by userid (never named) */
  unnamed: boolean
  role: string
}

/** Roles a roster row may carry. Observers (列席) are listed but not counted in attendance. */
export type RosterRole = 'member' | 'admin' | 'observer'
const ROLE_WORDS: Record<string, RosterRole> = { '': 'member', member: 'member', 成员: 'member', 党员: 'member', admin: 'admin', 管理员: 'admin', observer: 'observer', 列席: 'observer' }
export const roleOf = (word: string): RosterRole | undefined => ROLE_WORDS[nfkc(word).trim().toLowerCase()]

const USERID = /^[A-Za-z0-9_.@-]{1,64}$/
export const isUserid = (s: string): boolean => USERID.test(s)

/** A display name: 1–20 characters, no spaces, mentions, markup or control characters. */
export function cleanName(input: string): string | undefined {
  const s = nfkc(input).trim()
  if ([...s].length < 1 || [...s].length > 20) return undefined
  if (/[\s@<>`*_[\]()#|\\\u0000-\u001f\u007f]/.test(s)) return undefined
  return s
}

/** Active members of a group (left_at null); observers only when asked. Sorted by join time. */
export async function rosterOf(db: DbOrTrx, chatId: string, options: { withObservers?: boolean } = {}): Promise<RosterMember[]> {
  let q = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.userid', 'memberships.userid')
    .select(['users.userid', 'users.name', 'memberships.role'])
    .where('memberships.chat_id', '=', chatId)
    .where('memberships.left_at', 'is', null)
  if (!options.withObservers) q = q.where('memberships.role', '!=', 'observer')
  const rows = await q.orderBy('memberships.joined_at').orderBy('users.userid').execute()
  return rows.map((r) => ({ userid: r.userid, name: r.name ?? r.userid, unnamed: r.name === null, role: r.role }))
}

/** Userids counted in a group's attendance. */
export async function countedUserids(db: DbOrTrx, chatId: string): Promise<string[]> {
  return (await rosterOf(db, chatId)).map((m) => m.userid)
}

/** Adds or re-adds someone to a group; names them when a name is given. Returns true when new. */
export async function addToRoster(
  db: DbOrTrx,
  m: { chatId: string; userid: string; name?: string; role?: RosterRole; at: string },
): Promise<boolean> {
  if (m.name) await setName(db, m.userid, m.name, m.at)
  else await db.insertInto('users').values({ userid: m.userid, name: null, first_seen_at: m.at }).onConflict((oc) => oc.column('userid').doNothing()).execute()
  const role = m.role === 'observer' ? 'observer' : 'member'
  const before = await db.selectFrom('memberships').select('left_at').where('chat_id', '=', m.chatId).where('userid', '=', m.userid).executeTakeFirst()
  if (before) {
    await db.updateTable('memberships').set({ left_at: null, role }).where('chat_id', '=', m.chatId).where('userid', '=', m.userid).execute()
  } else {
    await db.insertInto('memberships').values({ chat_id: m.chatId, userid: m.userid, role, joined_at: m.at, left_at: null }).execute()
  }
  return !before || before.left_at !== null
}

/** Marks someone as having left a group (history stays). False when they were not on the roster. */
export async function removeFromRoster(db: DbOrTrx, chatId: string, userid: string, at: string): Promise<boolean> {
  const r = await db.updateTable('memberships').set({ left_at: at }).where('chat_id', '=', chatId).where('userid', '=', userid).where('left_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Names someone (recording them when new): the one place a name is written, so the totals follow it. */
export async function setName(db: DbOrTrx, userid: string, name: string, at: string): Promise<void> {
  await db
    .insertInto('users')
    .values({ userid, name, first_seen_at: at })
    .onConflict((oc) => oc.column('userid').doUpdateSet({ name }))
    .execute()
  await nameInTotals(db, userid, name)
}

/**
 * The running totals keep the member's name for the boards (points/ledger.ts writes it with a new
 * row): a new name goes onto every total of theirs, in every group they belong or belonged to.
 */
async function nameInTotals(db: DbOrTrx, userid: string, name: string): Promise<void> {
  await db
    .updateTable('point_totals')
    .set({ name })
    .where('chat_id', 'in', db.selectFrom('memberships').select('chat_id').where('userid', '=', userid))
    .where('userid', '=', userid)
    .where('name', 'is distinct from', name)
    .execute()
}

export interface RosterRow {
  /** 1-based line in the file (header = 1) */
  line: number
  userid: string
  name: string
  group: string
  role: string
}

export interface ImportResult {
  imported: number
  problems: { line: number; problem: 'userid' | 'name' | 'group' | 'role' }[]
}

/**
 * Imports rows; a row with a problem is skipped and reported, the others are written. `group`
 * is a chat id or a group's name; empty means `defaultChat` (the group the import was sent in).
 */
export async function importRoster(db: DbOrTrx, rows: RosterRow[], opts: { at: string; actor: string; defaultChat?: string }): Promise<ImportResult> {
  const chats = await db.selectFrom('chats').select(['chat_id', 'name']).where('type', '=', 'group').execute()
  const result: ImportResult = { imported: 0, problems: [] }
  for (const row of rows) {
    const userid = row.userid.trim()
    const name = cleanName(row.name)
    const role = roleOf(row.role)
    const g = row.group.trim()
    const chatId = g === '' ? opts.defaultChat : (chats.find((c) => c.chat_id === g || c.name === g)?.chat_id ?? (isUserid(g) ? g : undefined))
    const problem = !isUserid(userid) ? 'userid' : !name ? 'name' : !chatId ? 'group' : !role ? 'role' : undefined
    if (problem) {
      result.problems.push({ line: row.line, problem })
      continue
    }
    await addToRoster(db, { chatId: chatId!, userid, name: name!, role: role!, at: opts.at })
    if (role === 'admin') {
      await db.insertInto('admins').values({ userid, added_by: opts.actor, added_at: opts.at }).onConflict((oc) => oc.column('userid').doNothing()).execute()
    }
    result.imported++
  }
  return result
}
