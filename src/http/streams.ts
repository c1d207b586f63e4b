// Stream replies of the intelligent bot in URL-callback mode (WECOM.md §3.3–3.4). Every stream we
// open is a row, so WeCom's refresh polls can be answered by any instance from the database.
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { prepared } from '../db/prepared.js'
import type { DbOrTrx } from '../deps.js'
import { truncateUtf8 } from '../bot/normalize.js'

/** Stream content limit (UTF-8 bytes). */
export const STREAM_MAX_BYTES = 20480
/** WeCom stops accepting stream updates 6 minutes after the message; we finish a little earlier. */
export const STREAM_TTL_MS = 5 * 60_000

export interface StreamRow {
  streamId: string
  msgid: string
  content: string
  finished: boolean
  createdAt: Date
}

/** One stream per message, derived from the msgid, so a redelivery answers with the same stream. */
export function streamIdFor(msgid: string): string {
  return 'st' + createHash('sha256').update(msgid).digest('hex').slice(0, 30)
}

export const clip = (content: string): string => truncateUtf8(content, STREAM_MAX_BYTES)

/** Opens (or leaves as it is) the stream of a message. */
export async function openStream(db: DbOrTrx, s: { streamId: string; msgid: string; content: string; finished: boolean; at: Date }): Promise<void> {
  await insertStream(db, { streamId: s.streamId, msgid: s.msgid, content: clip(s.content), finished: s.finished ? 1 : 0, at: s.at.toISOString() })
}

const insertStream = prepared((db, v: { streamId: string; msgid: string; content: string; finished: number; at: string }) =>
  db
    .insertInto('streams')
    .values({ stream_id: v.streamId, msgid: v.msgid, content: v.content, finished: v.finished, created_at: v.at })
    .onConflict((oc) => oc.column('stream_id').doNothing()),
)

/**
 * Stores a message's finished stream, over the placeholder of a slow command that another
 * statement may have opened first (on PostgreSQL the placeholder commits while the command runs).
 */
export async function saveFinishedStream(db: DbOrTrx, s: { streamId: string; msgid: string; content: string; at: Date }): Promise<void> {
  await upsertFinished(db, { streamId: s.streamId, msgid: s.msgid, content: clip(s.content), at: s.at.toISOString() })
}

const upsertFinished = prepared((db, v: { streamId: string; msgid: string; content: string; at: string }) =>
  db
    .insertInto('streams')
    .values({ stream_id: v.streamId, msgid: v.msgid, content: v.content, finished: 1, created_at: v.at })
    .onConflict((oc) => oc.column('stream_id').doUpdateSet({ content: sql`excluded.content`, finished: 1 })),
)

export async function finishStream(db: DbOrTrx, streamId: string, content: string): Promise<void> {
  await db.updateTable('streams').set({ content: clip(content), finished: 1 }).where('stream_id', '=', streamId).execute()
}

export async function findStream(db: DbOrTrx, streamId: string): Promise<StreamRow | undefined> {
  const row = await db.selectFrom('streams').selectAll().where('stream_id', '=', streamId).executeTakeFirst()
  if (!row) return undefined
  return { streamId: row.stream_id, msgid: row.msgid, content: row.content, finished: Number(row.finished) === 1, createdAt: new Date(row.created_at) }
}

/** True when WeCom no longer accepts updates of this stream (the result goes by response_url). */
export const streamExpired = (s: StreamRow, now: Date): boolean => now.getTime() - s.createdAt.getTime() >= STREAM_TTL_MS
