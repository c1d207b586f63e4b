// Points for notes. A member earns the submission award once per assignment (or per week when a
// note has no assignment); a note holds its award in `award_key` so it can be reversed exactly.
// Pending (flagged) notes earn nothing — neither the award nor likes — until an admin clears them.
import type { Selectable } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import type { NoteTables } from '../db/tables/notes.js'
import { award, reverse } from '../points/ledger.js'

export type Note = Selectable<NoteTables['notes']>

export const featuredKey = (noteId: number): string => `note.featured:${noteId}`
export const likeKey = (noteId: number, giver: string): string => `note.like:${noteId}:${giver}`

/** Whether another note of this member already holds the submission award of the same slot. */
async function slotTaken(db: DbOrTrx, note: Note): Promise<boolean> {
  let q = db
    .selectFrom('notes')
    .select('id')
    .where('userid', '=', note.userid)
    .where('chat_id', '=', note.chat_id)
    .where('award_key', 'is not', null)
    .where('id', '!=', note.id)
  q = note.assignment_id === null ? q.where('assignment_id', 'is', null).where('week', '=', note.week) : q.where('assignment_id', '=', note.assignment_id)
  return (await q.executeTakeFirst()) !== undefined
}

export interface Grant {
  points: number
  /** the member already earned this slot's award with another note */
  slotTaken: boolean
}

/** Awards an accepted note its submission points (once per slot) and any likes it has received. */
export async function grantNote(db: DbOrTrx, note: Note, at: Date, tz: string): Promise<Grant> {
  let points = 0
  let taken = false
  if (note.award_key === null) {
    taken = await slotTaken(db, note)
    if (!taken) {
      const key = `note:${note.id}:${note.awards + 1}`
      points = await award(db, { key, userid: note.userid, chatId: note.chat_id, rule: 'note.submit', at, tz, detail: { noteId: note.id } })
      await db.updateTable('notes').set({ award_key: key, awards: note.awards + 1 }).where('id', '=', note.id).execute()
    }
  }
  const likes = await db.selectFrom('note_likes').select('giver').where('note_id', '=', note.id).execute()
  for (const l of likes) {
    await award(db, { key: likeKey(note.id, l.giver), userid: note.userid, chatId: note.chat_id, rule: 'note.liked', at, tz, detail: { noteId: note.id, giver: l.giver } })
  }
  return { points, slotTaken: taken }
}

/** Takes back the submission award (the note stays). Returns the points taken back. */
export async function revokeSubmit(db: DbOrTrx, note: Note, at: Date, tz: string): Promise<number> {
  if (note.award_key === null) return 0
  const points = await reverse(db, note.award_key, at, tz)
  await db.updateTable('notes').set({ award_key: null }).where('id', '=', note.id).execute()
  return points
}

/** Takes back everything the note earned: submission, featured bonus and likes. */
export async function revokeAll(db: DbOrTrx, note: Note, at: Date, tz: string): Promise<number> {
  let points = await revokeSubmit(db, note, at, tz)
  points += await reverse(db, featuredKey(note.id), at, tz)
  const likes = await db.selectFrom('note_likes').select('giver').where('note_id', '=', note.id).execute()
  for (const l of likes) points += await reverse(db, likeKey(note.id, l.giver), at, tz)
  return points
}
