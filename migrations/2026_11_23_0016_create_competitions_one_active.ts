import { type Kysely, sql } from 'kysely'

// At most one live competition (countdown or question) per group, enforced by the database: two
// starts at the same moment (two transactions, two instances) cannot both insert. A partial
// unique index, the same SQL on SQLite and PostgreSQL. Should a database already hold two live
// ones in a group, all but the newest are stopped first (ended at their deadline).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update competitions set status = 'stopped', finished_at = deadline_at
    where status in ('countdown', 'question')
      and id not in (select max(id) from competitions where status in ('countdown', 'question') group by chat_id)
  `.execute(db)
  await sql`create unique index competitions_one_active on competitions (chat_id) where status in ('countdown', 'question')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('competitions_one_active').execute()
}
