// Groups (支部/班级): a group chat becomes known from its first message (touchChat); admins name
// it and bind where its pushes go — the group robot's webhook key, or the long connection's
// proactive send once someone has spoken to the bot there (chats.longconn_ok).
import type { DbOrTrx } from '../deps.js'

export interface Group {
  chatId: string
  name: string | null
  /** shown to people: the name, or the chat id until named */
  label: string
  hasWebhook: boolean
  longconn: boolean
  lastPushAt: string | null
  /** a dead-lettered push newer than the last successful one */
  failing: boolean
}

export const groupLabel = (g: { chat_id: string; name: string | null }): string => g.name ?? g.chat_id

/** Every group chat the bot knows, named ones first. */
export async function listGroups(db: DbOrTrx): Promise<Group[]> {
  const rows = await db
    .selectFrom('chats')
    .select(['chat_id', 'name', 'webhook_key', 'longconn_ok', 'last_push_at'])
    .where('type', '=', 'group')
    .orderBy('name')
    .orderBy('chat_id')
    .execute()
  const dead = await db
    .selectFrom('outbox')
    .select((eb) => ['dest_id', eb.fn.max('created_at').as('at')])
    .where('dest_kind', '=', 'group')
    .where('status', '=', 'dead')
    .groupBy('dest_id')
    .execute()
  const lastDead = new Map(dead.map((d) => [d.dest_id, String(d.at)]))
  return rows
    .map((r) => {
      const deadAt = lastDead.get(r.chat_id)
      return {
        chatId: r.chat_id,
        name: r.name,
        label: groupLabel(r),
        hasWebhook: Boolean(r.webhook_key),
        longconn: r.longconn_ok === 1,
        lastPushAt: r.last_push_at,
        failing: deadAt !== undefined && (r.last_push_at === null || deadAt > r.last_push_at),
      }
    })
    .sort((a, b) => Number(a.name === null) - Number(b.name === null))
}

/** Groups whose pushes cannot currently arrive (no binding, or the last pushes died). */
export function isUnbound(g: Group): boolean {
  return (!g.hasWebhook && !g.longconn) || g.failing
}

export async function groupByName(db: DbOrTrx, name: string): Promise<{ chat_id: string; name: string | null } | undefined> {
  const byName = await db.selectFrom('chats').select(['chat_id', 'name']).where('type', '=', 'group').where('name', '=', name).executeTakeFirst()
  if (byName) return byName
  return db.selectFrom('chats').select(['chat_id', 'name']).where('type', '=', 'group').where('chat_id', '=', name).executeTakeFirst()
}

export async function groupNames(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('chats').select(['chat_id', 'name']).where('type', '=', 'group').execute()
  return new Map(rows.map((r) => [r.chat_id, groupLabel(r)]))
}

/** Returns false when another group already has this name. */
export async function nameGroup(db: DbOrTrx, chatId: string, name: string): Promise<boolean> {
  const taken = await db.selectFrom('chats').select('chat_id').where('name', '=', name).where('chat_id', '!=', chatId).executeTakeFirst()
  if (taken) return false
  await db.updateTable('chats').set({ name }).where('chat_id', '=', chatId).execute()
  return true
}

export async function setWebhookKey(db: DbOrTrx, chatId: string, key: string | null): Promise<void> {
  await db.updateTable('chats').set({ webhook_key: key }).where('chat_id', '=', chatId).execute()
}

/**
 * A webhook key as typed: the bare key, or a pasted full URL
 * (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…) from which the key is taken.
 * Undefined when it does not look like a key.
 */
export function extractWebhookKey(input: string): string | undefined {
  const text = input.trim()
  let key = text
  const m = /[?&]key=([^&#\s]+)/i.exec(text)
  if (m) key = decodeURIComponent(m[1]!)
  else if (/^https?:\/\//i.test(text)) return undefined
  return /^[A-Za-z0-9-]{8,64}$/.test(key) ? key : undefined
}

/** Active members of a group (the roster), userids. */
/** The group's active members; with `joinedBefore` (ISO instant) only those who had joined by then. */
export async function rosterOf(db: DbOrTrx, chatId: string, joinedBefore?: string): Promise<string[]> {
  let q = db.selectFrom('memberships').select('userid').where('chat_id', '=', chatId).where('left_at', 'is', null)
  if (joinedBefore) q = q.where('joined_at', '<', joinedBefore)
  const rows = await q.orderBy('userid').execute()
  return rows.map((r) => r.userid)
}

/** The group's own admins (role admin in the roster); the configured/added admins when it has none. */
export async function groupAdmins(db: DbOrTrx, chatId: string, fallback: string[]): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('userid').where('chat_id', '=', chatId).where('role', '=', 'admin').where('left_at', 'is', null).execute()
  return rows.length ? rows.map((r) => r.userid) : fallback
}
