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
