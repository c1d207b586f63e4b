// The wrong-answer book (错题本): a question enters when a member answers it wrong and leaves after
// two correct answers on different local days (a new miss starts the count again).
import { sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'

export async function noteWrong(db: DbOrTrx, userid: string, questionId: number, at: Date): Promise<void> {
  const iso = at.toISOString()
  await db
    .insertInto('quiz_wrong_book')
    .values({ userid, question_id: questionId, wrong_count: 1, right_days: 0, last_right_day: null, added_at: iso, updated_at: iso })
    .onConflict((oc) =>
      oc.columns(['userid', 'question_id']).doUpdateSet({ wrong_count: sql`quiz_wrong_book.wrong_count + 1`, right_days: 0, last_right_day: null, updated_at: iso }),
    )
    .execute()
}

/** A correct answer counts once per local day; the second day takes the question out. Returns true when it left. */
export async function noteRight(db: DbOrTrx, userid: string, questionId: number, day: string, at: Date): Promise<boolean> {
  const row = await db.selectFrom('quiz_wrong_book').select(['right_days', 'last_right_day']).where('userid', '=', userid).where('question_id', '=', questionId).executeTakeFirst()
  if (!row || row.last_right_day === day) return false
  if (row.right_days + 1 >= 2) {
    await db.deleteFrom('quiz_wrong_book').where('userid', '=', userid).where('question_id', '=', questionId).execute()
    return true
  }
  await db
    .updateTable('quiz_wrong_book')
    .set({ right_days: row.right_days + 1, last_right_day: day, updated_at: at.toISOString() })
    .where('userid', '=', userid)
    .where('question_id', '=', questionId)
    .execute()
  return false
}

export async function noteAnswer(db: DbOrTrx, userid: string, questionId: number, correct: boolean, day: string, at: Date): Promise<void> {
  if (correct) await noteRight(db, userid, questionId, day, at)
  else await noteWrong(db, userid, questionId, at)
}

/** The member's wrong questions, most missed and most recent first. */
export async function wrongQuestionIds(db: DbOrTrx, userid: string, limit?: number): Promise<number[]> {
  let q = db
    .selectFrom('quiz_wrong_book')
    .innerJoin('quiz_questions', 'quiz_questions.id', 'quiz_wrong_book.question_id')
    .select('quiz_wrong_book.question_id')
    .where('quiz_wrong_book.userid', '=', userid)
    .where('quiz_questions.active', '=', 1)
    .orderBy('quiz_wrong_book.wrong_count', 'desc')
    .orderBy('quiz_wrong_book.updated_at', 'desc')
    .orderBy('quiz_wrong_book.question_id')
  if (limit) q = q.limit(limit)
  return (await q.execute()).map((r) => r.question_id)
}

export async function wrongCount(db: DbOrTrx, userid: string): Promise<number> {
  return (await wrongQuestionIds(db, userid)).length
}
