// Table types for the quiz migration (2026_11_23_0012). Booleans are 0/1 integers; times are ISO text.
import type { Generated } from 'kysely'

export type QuestionType = 'single' | 'multi' | 'judge' | 'fill'

export interface QuizTables {
  quiz_questions: {
    id: Generated<number>
    type: QuestionType
    stem: string
    options: string
    answer: string
    explanation: string
    tags: string
    difficulty: number
    time_limit: number
    dedupe_key: string
    active: Generated<number>
    answered: Generated<number>
    correct: Generated<number>
    total_ms: Generated<number>
    source: string
    created_at: string
  }
  quiz_sessions: {
    id: Generated<number>
    userid: string
    chat_id: string
    group_id: string | null
    kind: 'quiz' | 'wrong'
    question_ids: string
    current: number
    correct: number
    status: 'open' | 'done' | 'abandoned'
    question_started_at: string
    deadline_at: string
    started_at: string
    finished_at: string | null
    points: number
  }
  quiz_answers: {
    id: Generated<number>
    session_id: number
    position: number
    question_id: number
    userid: string
    group_id: string | null
    answer: string
    correct: number
    ms: number
    answered_at: string
    week: string
  }
  quiz_wrong_book: {
    userid: string
    question_id: number
    wrong_count: number
    right_days: number
    last_right_day: string | null
    added_at: string
    updated_at: string
  }
  competitions: {
    id: Generated<number>
    chat_id: string
    status: 'countdown' | 'question' | 'finished' | 'stopped'
    question_ids: string
    seconds: number
    tag: string | null
    first_bonus: number
    current: number
    question_started_at: string | null
    deadline_at: string
    started_by: string
    created_at: string
    finished_at: string | null
    touched_at: string | null
    last_results: string | null
  }
  competition_answers: {
    id: Generated<number>
    competition_id: number
    position: number
    question_id: number
    userid: string
    answer: string
    correct: number
    ms: number
    points: number
    first: Generated<number>
    answered_at: string
    week: string
  }
}
