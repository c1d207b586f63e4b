// Read side of notes: who wrote this week (for reminders), review backlog and featured notes (for
// the weekly digest), a member's list, and who may read a note.
import type { DbOrTrx } from '../deps.js'
import type { Note } from './awards.js'

/** Userids with a note (accepted or waiting for review) in a group for a week ('2026-W48'). */
export async function notedUserids(db: DbOrTrx, chatId: string, week: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('notes')
    .select('userid')
    .distinct()
    .where('chat_id', '=', chatId)
    .where('week', '=', week)
    .where('status', 'in', ['accepted', 'pending'])
    .execute()
  return new Set(rows.map((r) => r.userid))
}

/** Flagged notes waiting for an admin (all groups). */
export async function pendingReviewCount(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('notes').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst()
  return Number(row?.n ?? 0)
}

export interface FeaturedNote {
  id: number
  chatId: string
  userid: string
  chars: number
  likes: number
  /** the first 60 characters, on one line */
  excerpt: string
  createdAt: string
}

/** 优秀笔记 of a week (all groups), for the weekly digest. */
export async function featuredNotes(db: DbOrTrx, week: string): Promise<FeaturedNote[]> {
  const rows = await db
    .selectFrom('notes')
    .selectAll()
    .where('week', '=', week)
    .where('featured', '=', 1)
    .where('status', '=', 'accepted')
    .orderBy('chat_id')
    .orderBy('id')
    .execute()
  return rows.map((n) => ({ id: n.id, chatId: n.chat_id, userid: n.userid, chars: n.chars, likes: n.likes, excerpt: excerpt(n.content, 60), createdAt: n.created_at }))
}

export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return [...flat].length > max ? [...flat].slice(0, max).join('') + '…' : flat
}

/** A member's recent notes (one group, or all groups when chatId is undefined), newest first. */
export async function notesOf(db: DbOrTrx, userid: string, options: { chatId?: string; statuses: Note['status'][]; limit: number }): Promise<Note[]> {
  let q = db.selectFrom('notes').selectAll().where('userid', '=', userid).where('status', 'in', options.statuses)
  if (options.chatId) q = q.where('chat_id', '=', options.chatId)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute()
}

const peerViewKey = (chatId: string): string => `notes.peer_view:${chatId}`

/** Whether members of a group may read each other's notes (default: yes). */
export async function peerViewAllowed(db: DbOrTrx, chatId: string): Promise<boolean> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', peerViewKey(chatId)).executeTakeFirst()
  return row?.value !== '0'
}

export async function setPeerView(db: DbOrTrx, chatId: string, allowed: boolean, at: Date): Promise<void> {
  const value = allowed ? '1' : '0'
  await db
    .insertInto('settings')
    .values({ key: peerViewKey(chatId), value, updated_at: at.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at.toISOString() }))
    .execute()
}

export type ViewRight = 'owner' | 'admin' | 'peer' | 'none'

/**
 * Who may read a note where: the author and admins always (status only outside the group); other
 * members only accepted or pending notes, only from their own group, unless the group turned that off.
 * A note is never shown in another group's chat.
 */
export async function viewRight(
  db: DbOrTrx,
  note: Note,
  viewer: { userid: string; isAdmin: boolean },
  chat: { id: string; type: 'group' | 'single' },
): Promise<ViewRight> {
  if (note.status === 'withdrawn') return 'none'
  if (chat.type === 'group' && chat.id !== note.chat_id) return 'none'
  if (note.userid === viewer.userid) return 'owner'
  if (viewer.isAdmin) return 'admin'
  if (note.status === 'returned' || !(await peerViewAllowed(db, note.chat_id))) return 'none'
  if (chat.type === 'group') return 'peer'
  const member = await db
    .selectFrom('memberships')
    .select('userid')
    .where('chat_id', '=', note.chat_id)
    .where('userid', '=', viewer.userid)
    .where('left_at', 'is', null)
    .executeTakeFirst()
  return member ? 'peer' : 'none'
}
