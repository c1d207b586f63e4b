// Demo data for the sandbox: seeded on first start and again by the page's 重置 button.
// demoSeeders is the explicit list of area seeders, run in order inside one transaction each.
// Feature areas add theirs here (the sample study plan and the sample question bank belong to
// the plans and quiz areas): import the seeder and append it to the list — nothing else to wire.
import { sql } from 'kysely'
import type { Deps } from '../deps.js'
import { seedSampleBank } from '../quiz/seed.js'
import { DEMO_GROUPS, DEMO_PEOPLE } from './demo-data.js'
import { seedSamplePlan } from '../plans/sample-plan.js'

export interface DemoSeedContext extends Deps {
  /** the sandbox clock's now (all seeded timestamps use it) */
  now: Date
  /** group chat id → webhook key, already bound in chats.webhook_key by the roster seeder */
  webhookKeys: Record<string, string>
}

export type DemoSeeder = (ctx: DemoSeedContext) => Promise<void>

/** People, the two groups, memberships and the groups' webhook keys (chats.webhook_key, chats.name). */
export const seedRoster: DemoSeeder = async ({ db, now, webhookKeys }) => {
  const at = now.toISOString()
  for (const p of DEMO_PEOPLE) {
    await db
      .insertInto('users')
      .values({ userid: p.userid, name: p.name, first_seen_at: at })
      .onConflict((oc) => oc.column('userid').doUpdateSet({ name: p.name }))
      .execute()
  }
  for (const g of DEMO_GROUPS) {
    const key = webhookKeys[g.chatId] ?? null
    await db
      .insertInto('chats')
      .values({ chat_id: g.chatId, type: 'group', name: g.name, first_seen_at: at, last_seen_at: at, webhook_key: key, longconn_ok: 0, last_push_at: null })
      .onConflict((oc) => oc.column('chat_id').doUpdateSet({ name: g.name, webhook_key: key }))
      .execute()
    for (const userid of g.members) {
      await db
        .insertInto('memberships')
        .values({ chat_id: g.chatId, userid, role: 'member', joined_at: at, left_at: null })
        .onConflict((oc) => oc.columns(['chat_id', 'userid']).doUpdateSet({ left_at: null }))
        .execute()
    }
  }
}

export const demoSeeders: DemoSeeder[] = [
  seedRoster,
  // sample study plan (plans area): src/plans/sample-plan.csv, shifted around the sandbox's now
  async (ctx) => void (await seedSamplePlan(ctx)),
  // ↓ sample question bank (quiz area)
  async (ctx) => void (await seedSampleBank(ctx)),
]

const SEEDED = 'sandbox.seeded'

/** Seeds once per database (first start); returns true when it seeded. */
export async function seedDemoIfNew(deps: Deps, webhookKeys: Record<string, string>, seeders = demoSeeders): Promise<boolean> {
  const done = await deps.db.selectFrom('settings').select('key').where('key', '=', SEEDED).executeTakeFirst()
  if (done) {
    // Keys are re-bound at every start: sandbox.json is the source of truth for the stand-in.
    await seedRoster({ ...deps, now: deps.clock.now(), webhookKeys })
    return false
  }
  await seedDemo(deps, webhookKeys, seeders)
  return true
}

export async function seedDemo(deps: Deps, webhookKeys: Record<string, string>, seeders = demoSeeders): Promise<void> {
  const now = deps.clock.now()
  for (const seed of seeders) {
    await deps.db.transaction().execute((trx) => seed({ ...deps, db: trx, now, webhookKeys }))
  }
  await deps.db
    .insertInto('settings')
    .values({ key: SEEDED, value: now.toISOString(), updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: now.toISOString(), updated_at: now.toISOString() }))
    .execute()
}

/** Empties every application table (not the migration bookkeeping). */
export async function wipeAll(deps: Pick<Deps, 'db' | 'dbh'>): Promise<void> {
  // PostgreSQL introspection lists every schema's tables: keep only the current schema's.
  const schema = deps.dbh.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(deps.db)).rows[0]?.s : undefined
  const tables = (await deps.db.introspection.getTables())
    .filter((t) => schema === undefined || t.schema === schema)
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_') && /^[a-z_][a-z0-9_]*$/.test(n))
  if (tables.length === 0) return
  if (deps.dbh.dialect === 'postgres') {
    await sql.raw(`truncate table ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`).execute(deps.db)
    return
  }
  await sql`pragma foreign_keys = off`.execute(deps.db)
  try {
    for (const t of tables) await sql.raw(`delete from "${t}"`).execute(deps.db)
  } finally {
    await sql`pragma foreign_keys = on`.execute(deps.db)
  }
}
