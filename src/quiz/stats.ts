// Per-question statistics: answers, correct answers and answer time, kept as running counters on
// the question row (updated with every answer in personal quizzes and competitions).
import { sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'

export async function recordAnswerStats(db: DbOrTrx, questionId: number, correct: boolean, ms: number): Promise<void> {
  await db
    .updateTable('quiz_questions')
    .set({ answered: sql`answered + 1`, correct: sql`correct + ${correct ? 1 : 0}`, total_ms: sql`total_ms + ${Math.max(0, Math.round(ms))}` })
    .where('id', '=', questionId)
    .execute()
}

export interface QuestionStat {
  id: number
  stem: string
  answered: number
  correct: number
  /** 0..1 */
  rate: number
  avgSeconds: number
}

export interface BankStats {
  questions: number
  answeredQuestions: number
  hardest: QuestionStat[]
  easiest: QuestionStat[]
  allWrong: QuestionStat[]
  allRight: QuestionStat[]
}

/** Questions with at least `minAnswers` answers: hardest and easiest, and those always / never answered right. */
export async function bankStats(db: DbOrTrx, opts: { top?: number; minAnswers?: number } = {}): Promise<BankStats> {
  const top = opts.top ?? 5
  const min = opts.minAnswers ?? 1
  const total = await db.selectFrom('quiz_questions').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', 1).executeTakeFirst()
  const rows = await db.selectFrom('quiz_questions').select(['id', 'stem', 'answered', 'correct', 'total_ms']).where('active', '=', 1).where('answered', '>=', min).execute()
  const stats: QuestionStat[] = rows.map((r) => {
    const answered = Number(r.answered)
    const correct = Number(r.correct)
    return { id: r.id, stem: r.stem, answered, correct, rate: correct / answered, avgSeconds: Number(r.total_ms) / answered / 1000 }
  })
  const byRate = [...stats].sort((a, b) => a.rate - b.rate || b.answered - a.answered || a.id - b.id)
  // With few answered questions the two lists split them instead of repeating each other.
  const k = Math.min(top, Math.ceil(stats.length / 2))
  return {
    questions: Number(total?.n ?? 0),
    answeredQuestions: stats.length,
    hardest: byRate.slice(0, k),
    easiest: byRate.slice(k).sort((a, b) => b.rate - a.rate || b.answered - a.answered || a.id - b.id).slice(0, top),
    allWrong: byRate.filter((s) => s.correct === 0),
    allRight: byRate.filter((s) => s.correct === s.answered),
  }
}
