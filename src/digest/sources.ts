// The per-week facts the reminder and digest jobs need, from the areas that own them
// (attendance, notes, quiz). One place to see what the jobs depend on.
import type { DbOrTrx } from '../deps.js'
import { quizAccuracy as quizTotals } from '../quiz/queries.js'

export { checkedInUserids, excusedUserids } from '../attendance/queries.js'
export { featuredNotes, notedUserids, pendingReviewCount, type FeaturedNote } from '../notes/queries.js'
export { quizzedUserids } from '../quiz/queries.js'

/** Share of correct answers in the group's quizzes and competitions that week (undefined without answers). */
export async function quizAccuracy(db: DbOrTrx, chatId: string, week: string): Promise<{ answered: number; correct: number; rate: number } | undefined> {
  const a = await quizTotals(db, chatId, week)
  return a.answered ? { ...a, rate: a.correct / a.answered } : undefined
}
