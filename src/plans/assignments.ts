// Weekly assignments: what a group reads this week, the note minimum, the quiz tags, the deadline.
// A group's own assignment wins over the all-groups one ('*') for the same week.
import type { Selectable } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import type { PlanTables } from '../db/tables/plans.js'

export type Assignment = Selectable<PlanTables['assignments']>
export const ALL_GROUPS = '*'

export async function assignmentForWeek(db: DbOrTrx, chatId: string, week: string): Promise<Assignment | undefined> {
  const rows = await db.selectFrom('assignments').selectAll().where('week', '=', week).where('chat_id', 'in', [chatId, ALL_GROUPS]).execute()
  return rows.find((r) => r.chat_id === chatId) ?? rows.find((r) => r.chat_id === ALL_GROUPS)
}

export async function assignmentById(db: DbOrTrx, id: number): Promise<Assignment | undefined> {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst()
}

export const quizTagsOf = (a: Assignment): string[] => a.quiz_tags.split(',').map((s) => s.trim()).filter(Boolean)

export interface AssignmentInput {
  week: string
  /** a group chat id or ALL_GROUPS */
  chatId: string
  title: string
  material: string
  link: string | null
  noteMin: number
  quizTags: string[]
  dueAt: Date
}

/** Writes a week's assignment for a group (or all groups); the same week and group again replaces it. Returns true when new. */
export async function upsertAssignment(db: DbOrTrx, a: AssignmentInput, by: { userid: string; at: Date }): Promise<boolean> {
  const fields = { title: a.title, material: a.material, link: a.link, note_min: a.noteMin, quiz_tags: a.quizTags.join(','), due_at: a.dueAt.toISOString() }
  const existing = await db.selectFrom('assignments').select('id').where('week', '=', a.week).where('chat_id', '=', a.chatId).executeTakeFirst()
  if (existing) {
    await db.updateTable('assignments').set(fields).where('id', '=', existing.id).execute()
    return false
  }
  await db
    .insertInto('assignments')
    .values({ week: a.week, chat_id: a.chatId, ...fields, created_by: by.userid, created_at: by.at.toISOString() })
    .onConflict((oc) => oc.columns(['week', 'chat_id']).doUpdateSet(fields))
    .execute()
  return true
}

/** All assignment rows of a week (every group's own and the all-groups one). */
export async function assignmentsOfWeek(db: DbOrTrx, week: string): Promise<Assignment[]> {
  return db.selectFrom('assignments').selectAll().where('week', '=', week).orderBy('chat_id').execute()
}

/** Assignment rows from a week on (for listing the plan). */
export async function assignmentsFrom(db: DbOrTrx, fromWeek: string, limit = 50): Promise<Assignment[]> {
  return db.selectFrom('assignments').selectAll().where('week', '>=', fromWeek).orderBy('week').orderBy('chat_id').limit(limit).execute()
}
