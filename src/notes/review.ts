// Admin review: clear a flagged note (its points are awarded then), return a note with a reason
// (told to the author privately), and feature an excellent note (优秀笔记, bonus points).
import type { DbOrTrx } from '../deps.js'
import { UserError } from '../errors.js'
import { t } from '../i18n/index.js'
import { award } from '../points/ledger.js'
import { featuredKey, grantNote, revokeAll, type Note } from './awards.js'
import { removeDocument } from './index-store.js'
import { noteById, type NoteDeps } from './notes.js'
import { tellAuthor } from './notify.js'

export interface Review {
  id: number
  admin: string
  at: Date
}

async function existing(db: DbOrTrx, id: number): Promise<Note> {
  const note = await noteById(db, id)
  if (!note || note.status === 'withdrawn') throw new UserError('notes.notFound', { id })
  return note
}

export async function approveNote(db: DbOrTrx, deps: NoteDeps, r: Review): Promise<{ note: Note; points: number }> {
  const note = await existing(db, r.id)
  if (note.status !== 'pending') throw new UserError('notes.notPending', { id: r.id })
  await db
    .updateTable('notes')
    .set({ status: 'accepted', reviewed_by: r.admin, reviewed_at: r.at.toISOString(), updated_at: r.at.toISOString() })
    .where('id', '=', note.id)
    .execute()
  const { points } = await grantNote(db, { ...note, status: 'accepted' }, r.at, deps.timezone)
  await tellAuthor(db, deps, note, `note.approved:${note.id}:v${note.version}`, t('notes.notice.approved', { id: note.id, points }))
  return { note, points }
}

export async function returnNote(db: DbOrTrx, deps: NoteDeps, r: Review & { reason: string }): Promise<Note> {
  const note = await existing(db, r.id)
  if (note.status === 'returned') throw new UserError('notes.alreadyReturned', { id: r.id })
  await revokeAll(db, note, r.at, deps.timezone)
  await db
    .updateTable('notes')
    .set({ status: 'returned', award_key: null, featured: 0, reviewed_by: r.admin, reviewed_at: r.at.toISOString(), review_reason: r.reason, updated_at: r.at.toISOString() })
    .where('id', '=', note.id)
    .execute()
  await removeDocument(db, { kind: 'note', id: note.id })
  await tellAuthor(db, deps, note, `note.returned:${note.id}`, t('notes.notice.returned', { id: note.id, reason: r.reason }))
  return note
}

export async function featureNote(db: DbOrTrx, deps: NoteDeps, r: Review): Promise<{ note: Note; points: number }> {
  const note = await existing(db, r.id)
  if (note.status === 'pending') throw new UserError('notes.featureNeedsReview', { id: r.id })
  if (note.status !== 'accepted') throw new UserError('notes.alreadyReturned', { id: r.id })
  if (note.featured) throw new UserError('notes.alreadyFeatured', { id: r.id })
  await db.updateTable('notes').set({ featured: 1, updated_at: r.at.toISOString() }).where('id', '=', note.id).execute()
  const points = await award(db, {
    key: featuredKey(note.id),
    userid: note.userid,
    chatId: note.chat_id,
    rule: 'note.featured',
    at: r.at,
    tz: deps.timezone,
    detail: { noteId: note.id, by: r.admin },
  })
  await tellAuthor(db, deps, note, `note.featured:${note.id}`, t('notes.notice.featured', { id: note.id, points }))
  return { note, points }
}

/** Flagged notes waiting for an admin, oldest first. */
export async function pendingNotes(db: DbOrTrx, limit: number): Promise<Note[]> {
  return db.selectFrom('notes').selectAll().where('status', '=', 'pending').orderBy('created_at').orderBy('id').limit(limit).execute()
}
