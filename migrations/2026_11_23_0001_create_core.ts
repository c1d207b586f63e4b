import type { Kysely } from 'kysely'
import { bigint, withId } from './helpers.js'

// Core: inbound dedupe, chats, people, admins, audit, outbox, job runs, points ledger, streams, settings.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inbound_messages')
    .addColumn('msgid', 'text', (c) => c.primaryKey())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // processing | done
    .addColumn('body', 'text') // decrypted payload, removed by retention
    .addColumn('reply', 'text') // JSON of the reply, so a redelivery is answered the same way
    .execute()
  await db.schema.createIndex('inbound_messages_received_at').on('inbound_messages').column('received_at').execute()

  await db.schema
    .createTable('chats')
    .addColumn('chat_id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull()) // group | single
    .addColumn('name', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('webhook_key', 'text')
    .addColumn('longconn_ok', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_push_at', 'text')
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('userid', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('memberships')
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    .addPrimaryKeyConstraint('memberships_pk', ['chat_id', 'userid'])
    .execute()
  await db.schema.createIndex('memberships_userid').on('memberships').column('userid').execute()

  await db.schema
    .createTable('admins')
    .addColumn('userid', 'text', (c) => c.primaryKey())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute()

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text')
    .addColumn('target', 'text')
    .addColumn('detail', 'text')
    .execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()

  await withId(db, db.schema.createTable('outbox'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('dest_kind', 'text', (c) => c.notNull()) // group | user
    .addColumn('dest_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON OutMessage
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sending | sent | dead
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('channel', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute()
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute()

  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | failed | skipped
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'period'])
    .execute()

  await withId(db, db.schema.createTable('point_events'))
    .addColumn('award_key', 'text', (c) => c.notNull().unique())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute()
  await db.schema.createIndex('point_events_member').on('point_events').columns(['chat_id', 'userid', 'day']).execute()

  // Running totals. period: 'all' | '2026' | '2026-11' | '2026-W48' | '2026-11-23'
  await db.schema
    .createTable('point_totals')
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('points', bigint(db), (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('point_totals_pk', ['chat_id', 'period', 'userid'])
    .execute()
  await db.schema.createIndex('point_totals_rank').on('point_totals').columns(['chat_id', 'period', 'points']).execute()
  await db.schema
    .createTable('group_point_totals')
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('points', bigint(db), (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull()) // members with at least one award in the period
    .addPrimaryKeyConstraint('group_point_totals_pk', ['period', 'chat_id'])
    .execute()

  await db.schema
    .createTable('streams')
    .addColumn('stream_id', 'text', (c) => c.primaryKey())
    .addColumn('msgid', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('finished', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'streams', 'group_point_totals', 'point_totals', 'point_events', 'job_runs', 'outbox', 'audit_log', 'admins', 'memberships', 'users', 'chats', 'inbound_messages']) {
    await db.schema.dropTable(t).execute()
  }
}
