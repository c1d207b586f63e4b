import type { Kysely } from 'kysely'
import { withId } from './helpers.js'

// Weekly study assignments (学习计划): one per ISO week and group ('*' = every group).
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('assignments'))
    .addColumn('week', 'text', (c) => c.notNull()) // '2026-W48'
    .addColumn('chat_id', 'text', (c) => c.notNull()) // a group chat id, or '*' for all groups
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('material', 'text', (c) => c.notNull().defaultTo('')) // the reading text (used by the note check)
    .addColumn('link', 'text')
    .addColumn('note_min', 'integer', (c) => c.notNull().defaultTo(0)) // minimum characters of the week's note
    .addColumn('quiz_tags', 'text', (c) => c.notNull().defaultTo('')) // comma-separated
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assignments_week_chat', ['week', 'chat_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assignments').execute()
}
