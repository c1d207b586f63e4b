import type { Kysely } from 'kysely'

// Members who chose /排行 隐藏: left out of public leaderboards (they still see their own rank privately).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('leaderboard_hidden')
    .addColumn('userid', 'text', (c) => c.primaryKey())
    .addColumn('hidden_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('job_runs_scheduled_at').on('job_runs').column('scheduled_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('job_runs_scheduled_at').execute()
  await db.schema.dropTable('leaderboard_hidden').execute()
}
