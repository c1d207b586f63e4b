import type { Kysely } from 'kysely'
import { withId } from './helpers.js'

// Attendance: daily check-ins, study sessions + sign-ins, leave requests, calendar overrides.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('att_checkins'))
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull()) // local day '2026-11-23'
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull()) // self | session | makeup
    .addUniqueConstraint('att_checkins_once_a_day', ['chat_id', 'userid', 'day'])
    .execute()
  await db.schema.createIndex('att_checkins_chat_day').on('att_checkins').columns(['chat_id', 'day']).execute()

  await withId(db, db.schema.createTable('att_sessions'))
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('late_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('scheduled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('announced_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .execute()
  await db.schema.createIndex('att_sessions_chat_opens').on('att_sessions').columns(['chat_id', 'opens_at']).execute()

  await db.schema
    .createTable('att_records')
    .addColumn('session_id', 'integer', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // ontime | late | makeup
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('att_records_pk', ['session_id', 'userid'])
    .execute()

  await withId(db, db.schema.createTable('att_leaves'))
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('session_id', 'integer')
    .addColumn('from_day', 'text', (c) => c.notNull())
    .addColumn('to_day', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute()
  await db.schema.createIndex('att_leaves_chat_user').on('att_leaves').columns(['chat_id', 'userid']).execute()

  await db.schema
    .createTable('calendar_days')
    .addColumn('chat_id', 'text', (c) => c.notNull()) // group chat id, or '*' = organisation
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // rest | work
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_days_pk', ['chat_id', 'day'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['calendar_days', 'att_leaves', 'att_records', 'att_sessions', 'att_checkins']) await db.schema.dropTable(t).execute()
}
