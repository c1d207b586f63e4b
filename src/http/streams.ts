// Stream replies of the intelligent bot in URL-callback mode (WECOM.md §3.3–3.4). A stream answered
// unfinished (a slow command's placeholder) is a row, so WeCom's refresh polls can be answered by
// any instance from the database until it finishes. A stream finished in the first reply — nearly
// every command — has no row: WeCom does not poll a finished stream, and should a poll come, the
// stream id leads back to the message whose stored reply (inbound_messages) says the same.
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

const PREFIX = 'sm'

/** One stream per message, made from the msgid, so a redelivery answers with the same stream and a poll finds its message. */
export function streamIdFor(msgid: string): string {
  return PREFIX + Buffer.from(msgid, 'utf8').toString('hex')
}

/** The msgid a stream id was made from (streamIdFor); undefined for any other id. */
export function msgidOfStream(streamId: string): string | undefined {
  if (!streamId.startsWith(PREFIX)) return undefined
  const msgid = Buffer.from(streamId.slice(PREFIX.length), 'hex').toString('utf8')
  return msgid !== '' && streamIdFor(msgid) === streamId ? msgid : undefined
}

export const clip = (content: string): string => truncateUtf8(content, STREAM_MAX_BYTES)

/** Opens a slow command's stream with its placeholder (or leaves a stream opened before as it is). */
export async function openStream(db: DbOrTrx, s: { streamId: string; msgid: string; content: string; at: Date }): Promise<void> {
  await insertStream(db, { streamId: s.streamId, msgid: s.msgid, content: clip(s.content), at: s.at.toISOString() })
}

const insertStream = prepared((db, v: { streamId: string; msgid: string; content: string; at: string }) =>
  db
    .insertInto('streams')
    .values({ stream_id: v.streamId, msgid: v.msgid, content: v.content, finished: 0, created_at: v.at })
    .onConflict((oc) => oc.column('stream_id').doNothing()),
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
