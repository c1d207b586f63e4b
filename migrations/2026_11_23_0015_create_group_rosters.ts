import { type Kysely, sql } from 'kysely'
import { isPostgres } from './helpers.js'

// Active members per chat (memberships with left_at null), kept by triggers on memberships so every
// writer (roster import, first message, leave) keeps it right: 支部评比 and participation read 1,000
// rows instead of counting every membership on each /排行. The board index also holds userid, so a
// group's board and its previous-period ranks are read from the index alone (no row lookups), and
// a period's group totals are one contiguous index range; the digest's "who checked in this week"
// is read from the check-in index alone.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('att_checkins_chat_day').execute()
  await db.schema.createIndex('att_checkins_chat_day').on('att_checkins').columns(['chat_id', 'day', 'userid']).execute()
  await db.schema.createIndex('group_point_totals_period').on('group_point_totals').columns(['period', 'chat_id', 'points', 'members']).execute()
  await db.schema.dropIndex('point_totals_rank').execute()
  await db.schema.createIndex('point_totals_rank').on('point_totals').columns(['chat_id', 'period', 'points', 'userid']).execute()
  await db.schema
    .createTable('group_rosters')
    .addColumn('chat_id', 'text', (c) => c.primaryKey())
    .addColumn('members', 'integer', (c) => c.notNull())
    .execute()
  await sql`insert into group_rosters (chat_id, members) select chat_id, count(*) from memberships where left_at is null group by chat_id`.execute(db)
  if (isPostgres(db)) {
    await sql`
      create function group_rosters_sync() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.left_at is null then
          update group_rosters set members = members - 1 where chat_id = old.chat_id;
        end if;
        if tg_op in ('INSERT', 'UPDATE') and new.left_at is null then
          insert into group_rosters (chat_id, members) values (new.chat_id, 1)
            on conflict (chat_id) do update set members = group_rosters.members + 1;
        end if;
        return null;
      end $$`.execute(db)
    await sql`create trigger memberships_group_rosters after insert or update of chat_id, left_at or delete on memberships for each row execute function group_rosters_sync()`.execute(db)
    return
  }
  // No conflict clauses inside SQLite triggers: the statement that fires a trigger imposes its own
  // conflict policy on them (an upsert into memberships turned "insert or ignore" into an abort).
  const ensure = (ref: 'new' | 'old', when = '') =>
    `insert into group_rosters (chat_id, members) select ${ref}.chat_id, 0 where ${when}not exists (select 1 from group_rosters where chat_id = ${ref}.chat_id);`
  const add = (ref: 'new' | 'old', delta: number) =>
    `${ensure(ref)}
     update group_rosters set members = members + (${delta}) where chat_id = ${ref}.chat_id;`
  await sql.raw(`create trigger memberships_rosters_ins after insert on memberships when new.left_at is null begin ${add('new', 1)} end`).execute(db)
  await sql.raw(`create trigger memberships_rosters_del after delete on memberships when old.left_at is null begin ${add('old', -1)} end`).execute(db)
  await sql
    .raw(
      `create trigger memberships_rosters_upd after update of chat_id, left_at on memberships begin
         update group_rosters set members = members - 1 where old.left_at is null and chat_id = old.chat_id;
         ${ensure('new', 'new.left_at is null and ')}
         update group_rosters set members = members + 1 where new.left_at is null and chat_id = new.chat_id;
       end`,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger memberships_group_rosters on memberships`.execute(db)
    await sql`drop function group_rosters_sync()`.execute(db)
  } else {
    for (const t of ['ins', 'del', 'upd']) await sql.raw(`drop trigger memberships_rosters_${t}`).execute(db)
  }
  await db.schema.dropTable('group_rosters').execute()
  await db.schema.dropIndex('group_point_totals_period').execute()
  await db.schema.dropIndex('att_checkins_chat_day').execute()
  await db.schema.createIndex('att_checkins_chat_day').on('att_checkins').columns(['chat_id', 'day']).execute()
  await db.schema.dropIndex('point_totals_rank').execute()
  await db.schema.createIndex('point_totals_rank').on('point_totals').columns(['chat_id', 'period', 'points']).execute()
}
