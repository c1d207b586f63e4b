// A message that gave up (dead letter) is reported privately to every admin at once, through the
// outbox itself. Notices about notices are never sent (they would loop when no private channel works).
import type { Deps } from '../deps.js'
import { t } from '../i18n/index.js'
import { adminIds, displayName } from '../members/members.js'
import type { OutboxRow } from './claim.js'
import { markDead } from './claim.js'
import { createOutbox, toUser } from './outbox.js'

const NOTICE = 'outbox-dead:'

export async function deadLetter(deps: Pick<Deps, 'db' | 'config' | 'clock'>, row: OutboxRow, error: string, channel?: string): Promise<void> {
  // The delivery loop that calls this picks the notices up on its next pass.
  const outbox = createOutbox(deps.clock)
  await deps.db.transaction().execute(async (trx) => {
    await markDead(trx, row, error, channel)
    if (row.dedupe_key.startsWith(NOTICE)) return
    const dest =
      row.dest_kind === 'group'
        ? ((await trx.selectFrom('chats').select('name').where('chat_id', '=', row.dest_id).executeTakeFirst())?.name ?? row.dest_id)
        : await displayName(trx, row.dest_id)
    const content = t('outbox.deadNotice', { dest, reason: error.slice(0, 200), id: row.id })
    for (const admin of await adminIds(trx, deps.config.adminUserIds)) {
      if (row.dest_kind === 'user' && row.dest_id === admin) continue
      await outbox.enqueue(trx, { to: toUser(admin), message: { type: 'markdown', content }, key: `${NOTICE}${row.id}:${admin}` })
    }
  })
}
