import type { Kysely } from 'kysely'
import { bigint, withId } from './helpers.js'

// Quizzes: the question bank (with running statistics), personal quiz sessions and their answers,
// the wrong-answer book, and live group competitions with their answers.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('quiz_questions'))
    .addColumn('type', 'text', (c) => c.notNull()) // single | multi | judge | fill
    .addColumn('stem', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull()) // JSON array of option texts (A, B, …)
    .addColumn('answer', 'text', (c) => c.notNull()) // letters 'AC' for choices/judge (A 对, B 错); text for fill ('|' = alternatives)
    .addColumn('explanation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo(',')) // ',学习方法,历史,'
    .addColumn('difficulty', 'integer', (c) => c.notNull().defaultTo(3)) // 1..5
    .addColumn('time_limit', 'integer', (c) => c.notNull()) // seconds per question
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique()) // normalized stem + options
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('correct', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_ms', bigint(db), (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await withId(db, db.schema.createTable('quiz_sessions'))
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull()) // where it is played (group or the user's private chat)
    .addColumn('group_id', 'text') // the group the points and statistics belong to (null: none)
    .addColumn('kind', 'text', (c) => c.notNull()) // quiz | wrong
    .addColumn('question_ids', 'text', (c) => c.notNull()) // JSON array
    .addColumn('current', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('correct', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull()) // open | done | abandoned
    .addColumn('question_started_at', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('quiz_sessions_user_chat').on('quiz_sessions').columns(['userid', 'chat_id', 'status']).execute()

  await withId(db, db.schema.createTable('quiz_answers'))
    .addColumn('session_id', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text')
    .addColumn('answer', 'text', (c) => c.notNull()) // '' = time ran out
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('ms', 'integer', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addUniqueConstraint('quiz_answers_session_position', ['session_id', 'position'])
    .execute()
  await db.schema.createIndex('quiz_answers_group_week').on('quiz_answers').columns(['group_id', 'week']).execute()

  await db.schema
    .createTable('quiz_wrong_book')
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) => c.notNull())
    .addColumn('wrong_count', 'integer', (c) => c.notNull())
    .addColumn('right_days', 'integer', (c) => c.notNull().defaultTo(0)) // distinct local days answered right since the last miss
    .addColumn('last_right_day', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_wrong_book_pk', ['userid', 'question_id'])
    .execute()

  await withId(db, db.schema.createTable('competitions'))
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // countdown | question | finished | stopped
    .addColumn('question_ids', 'text', (c) => c.notNull()) // JSON array
    .addColumn('seconds', 'integer', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('first_bonus', 'integer', (c) => c.notNull())
    .addColumn('current', 'integer', (c) => c.notNull()) // -1 during the countdown
    .addColumn('question_started_at', 'text')
    .addColumn('deadline_at', 'text', (c) => c.notNull()) // end of the countdown or of the current question
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('touched_at', 'text') // written by every answer: serializes answers with the closing of a question
    .addColumn('last_results', 'text') // the last results message, for /竞赛 结果
    .execute()
  await db.schema.createIndex('competitions_chat_status').on('competitions').columns(['chat_id', 'status']).execute()

  await withId(db, db.schema.createTable('competition_answers'))
    .addColumn('competition_id', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('ms', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('first', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addUniqueConstraint('competition_answers_once', ['competition_id', 'position', 'userid'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['competition_answers', 'competitions', 'quiz_wrong_book', 'quiz_answers', 'quiz_sessions', 'quiz_questions']) {
    await db.schema.dropTable(t).execute()
  }
}
