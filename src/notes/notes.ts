// Submitting, editing and withdrawing notes. Every note is checked against the index before it is
// stored; a note that copies is kept as 'pending' (no points) and the admins are told privately.
import type { DbOrTrx } from '../deps.js'
import { UserError } from '../errors.js'
import type { Assignment } from '../plans/assignments.js'
import { weekKey } from '../time.js'
import { grantNote, revokeAll, revokeSubmit, type Grant, type Note } from './awards.js'
import { checkNote, type Finding } from './check.js'
import { indexDocument, reindexNote, removeDocument } from './index-store.js'
import { notifyFlag, type NotifyDeps } from './notify.js'
import { countChars } from './similarity.js'

/** Shortest note accepted when there is no assignment (or its minimum is lower). */
export const NOTE_MIN_FLOOR = 20
/** Minutes after submitting during which the author may edit or withdraw a note. */
export const EDIT_WINDOW_MINUTES = 30

export interface NoteDeps extends NotifyDeps {
  timezone: string
}

export interface Saved extends Grant {
  note: Note
  count: number
  min: number
  /** true when the note was kept for review (never shown in the group) */
  pending: boolean
  /** an edit of an accepted note: its points stay as they were */
  kept?: boolean
}

export const minimumFor = (assignment: Pick<Assignment, 'note_min'> | undefined): number => Math.max(assignment?.note_min ?? 0, NOTE_MIN_FLOOR)

function flagColumns(f: Finding | undefined) {
  return {
    flag_kind: f?.kind ?? null,
    flag_ref: f?.ref ?? null,
    flag_overlap: f?.overlap ?? null,
    flag_passages: f ? JSON.stringify(f.passages) : null,
    flag_extra: f?.extraSources ?? 0,
  }
}

export async function noteById(db: DbOrTrx, id: number): Promise<Note | undefined> {
  return db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function submitNote(
  db: DbOrTrx,
  deps: NoteDeps,
  input: { chatId: string; userid: string; content: string; assignment?: Assignment; at: Date },
): Promise<Saved> {
  const count = countChars(input.content)
  const min = minimumFor(input.assignment)
  if (count < min) throw new UserError('notes.tooShort', { count, min })
  const { assignment, at } = input
  const finding = await checkNote(db, { text: input.content, assignment, at })
  const iso = at.toISOString()
  const { id } = await db
    .insertInto('notes')
    .values({
      chat_id: input.chatId,
      userid: input.userid,
      assignment_id: assignment?.id ?? null,
      week: assignment?.week ?? weekKey(at, deps.timezone),
      content: input.content,
      chars: count,
      status: finding ? 'pending' : 'accepted',
      award_key: null,
      ...flagColumns(finding),
      reviewed_by: null,
      reviewed_at: null,
      review_reason: null,
      created_at: iso,
      updated_at: iso,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await indexDocument(db, { kind: 'note', id }, input.content)
  const note = (await noteById(db, id))!
  if (finding) {
    await notifyFlag(db, deps, note, finding)
    return { note, count, min, pending: true, points: 0, slotTaken: false }
  }
  return { note, count, min, pending: false, ...(await grantNote(db, note, at, deps.timezone)) }
}

/** The note, if `userid` owns it and it is still within the edit window. */
async function ownEditable(db: DbOrTrx, id: number, userid: string, at: Date): Promise<Note> {
  const note = await noteById(db, id)
  if (!note || note.status === 'withdrawn') throw new UserError('notes.notFound', { id })
  if (note.userid !== userid) throw new UserError('notes.notOwner', { id })
  if (note.status === 'returned') throw new UserError('notes.alreadyReturned', { id })
  if (at.getTime() - new Date(note.created_at).getTime() > EDIT_WINDOW_MINUTES * 60_000) {
    throw new UserError('notes.editExpired', { id, minutes: EDIT_WINDOW_MINUTES })
  }
  return note
}

export async function editNote(db: DbOrTrx, deps: NoteDeps, input: { id: number; userid: string; content: string; at: Date }): Promise<Saved> {
  const { at } = input
  const old = await ownEditable(db, input.id, input.userid, at)
  const assignment = old.assignment_id === null ? undefined : await db.selectFrom('assignments').selectAll().where('id', '=', old.assignment_id).executeTakeFirst()
  const count = countChars(input.content)
  const min = minimumFor(assignment)
  if (count < min) throw new UserError('notes.tooShort', { count, min })
  const finding = await checkNote(db, { text: input.content, assignment, noteId: old.id, at })
  if (finding && old.status === 'accepted') await revokeSubmit(db, old, at, deps.timezone)
  await db
    .updateTable('notes')
    .set({ content: input.content, chars: count, status: finding ? 'pending' : 'accepted', version: old.version + 1, updated_at: at.toISOString(), ...flagColumns(finding) })
    .where('id', '=', old.id)
    .execute()
  await reindexNote(db, old.id, input.content)
  const note = (await noteById(db, old.id))!
  if (finding) {
    await notifyFlag(db, deps, note, finding)
    return { note, count, min, pending: true, points: 0, slotTaken: false }
  }
  if (old.status === 'accepted') return { note, count, min, pending: false, points: 0, slotTaken: false, kept: true }
  return { note, count, min, pending: false, ...(await grantNote(db, note, at, deps.timezone)) }
}

/** Withdraws the author's own note within the edit window; everything it earned is reversed. */
export async function withdrawNote(db: DbOrTrx, deps: NoteDeps, input: { id: number; userid: string; at: Date }): Promise<{ note: Note; reversed: number }> {
  const note = await ownEditable(db, input.id, input.userid, input.at)
  const reversed = await revokeAll(db, note, input.at, deps.timezone)
  await db.updateTable('notes').set({ status: 'withdrawn', award_key: null, updated_at: input.at.toISOString() }).where('id', '=', note.id).execute()
  await removeDocument(db, { kind: 'note', id: note.id })
  return { note, reversed }
}
