// The outbox: every proactive message (job pushes, private notices) is a row written in the
// caller's transaction with a unique dedupe key; the delivery loop (deliver.ts) sends it.
import type { DbOrTrx } from '../deps.js'
import type { Clock } from '../clock.js'
import type { OutMessage } from '../wecom/types.js'

export type Destination = { kind: 'group'; chatId: string } | { kind: 'user'; userid: string }

export interface OutboxItem {
  to: Destination
  message: OutMessage
  /** Unique per intended message: the same key twice is one message. */
  key: string
  /** Do not send before this instant (default: now). */
  notBefore?: Date
}

export interface Outbox {
  /** Writes the row (insert-or-nothing on key). Returns false when the key already existed. */
  enqueue(db: DbOrTrx, item: OutboxItem): Promise<boolean>
  /** Tells the delivery loop there is work (after the caller's transaction committed). */
  wake(): void
}

export const toGroup = (chatId: string): Destination => ({ kind: 'group', chatId })
export const toUser = (userid: string): Destination => ({ kind: 'user', userid })

export function createOutbox(clock: Clock, onWake: () => void = () => {}): Outbox {
  return {
    async enqueue(db, item) {
      const now = clock.now().toISOString()
      const result = await db
        .insertInto('outbox')
        .values({
          dedupe_key: item.key,
          dest_kind: item.to.kind,
          dest_id: item.to.kind === 'group' ? item.to.chatId : item.to.userid,
          payload: JSON.stringify(item.message),
          status: 'pending',
          attempts: 0,
          next_attempt_at: (item.notBefore ?? clock.now()).toISOString(),
          created_at: now,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
    },
    wake: () => onWake(),
  }
}
