import type { Kysely } from 'kysely'

// Members by status within a group (active or left, role): the sign-in's day progress counts the
// observers and the members who left from this index alone, without visiting every member.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('memberships_status').on('memberships').columns(['chat_id', 'left_at', 'role', 'userid']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('memberships_status').execute()
}
