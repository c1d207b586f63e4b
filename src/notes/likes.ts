// Likes (/赞): never one's own note, once per note, at most LIKES_PER_DAY per giver per local day.
// A like gives the author 'note.liked' points — once the note is accepted (a note waiting for
// review collects its likes and is paid for them when cleared).
import { sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import { UserError } from '../errors.js'
import { award } from '../points/ledger.js'
import { dayKey } from '../time.js'
import { likeKey, type Note } from './awards.js'
import { noteById } from './notes.js'

/** Likes one member may give per local day. */
export const LIKES_PER_DAY = 5

export async function likesGivenOn(db: DbOrTrx, giver: string, day: string): Promise<number> {
  const row = await db
    .selectFrom('note_likes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('giver', '=', giver)
    .where('day', '=', day)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

export async function likeNote(
  db: DbOrTrx,
  input: { id: number; giver: string; chatId: string; at: Date; tz: string },
): Promise<{ note: Note; left: number }> {
  const note = await noteById(db, input.id)
  // Only notes of this group can be liked here (and never a withdrawn or returned one).
  if (!note || note.chat_id !== input.chatId || note.status === 'withdrawn' || note.status === 'returned') {
    throw new UserError('notes.notFound', { id: input.id })
  }
  if (note.userid === input.giver) throw new UserError('notes.likeOwn')
  const day = dayKey(input.at, input.tz)
  const given = await likesGivenOn(db, input.giver, day)
  if (given >= LIKES_PER_DAY) throw new UserError('notes.likeCap', { cap: LIKES_PER_DAY })
  const inserted = await db
    .insertInto('note_likes')
    .values({ note_id: note.id, giver: input.giver, day, at: input.at.toISOString() })
    .onConflict((oc) => oc.columns(['note_id', 'giver']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new UserError('notes.likeTwice', { id: note.id })
  await db.updateTable('notes').set({ likes: sql`likes + 1` }).where('id', '=', note.id).execute()
  if (note.status === 'accepted') {
    await award(db, {
      key: likeKey(note.id, input.giver),
      userid: note.userid,
      chatId: note.chat_id,
      rule: 'note.liked',
      at: input.at,
      tz: input.tz,
      detail: { noteId: note.id, giver: input.giver },
    })
  }
  return { note, left: LIKES_PER_DAY - given - 1 }
}
