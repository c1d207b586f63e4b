// Private notices about notes, through the outbox: a flag goes to every admin (never to the group),
// review outcomes go to the author. Each has its own dedupe key.
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { adminIds, displayName } from '../members/members.js'
import { toUser, type Outbox } from '../outbox/outbox.js'
import type { Note } from './awards.js'
import type { Finding } from './check.js'

export interface NotifyDeps {
  outbox: Outbox
  /** ADMIN_USERIDS from the configuration */
  configuredAdmins: string[]
}

const PASSAGE_MAX = 80

export const moreSources = (n: number): string => (n > 0 ? t('notes.moreSources', { n: n + 1 }) : '')

export function quotePassages(passages: string[], max = 3): string {
  return passages
    .slice(0, max)
    .map((p) => t('notes.passage', { text: (p.length > PASSAGE_MAX ? p.slice(0, PASSAGE_MAX) + '…' : p).replace(/\s+/g, ' ') }))
    .join('\n')
}

/** "张三 的笔记 #7" / "本人较早的笔记 #7" / "学习任务“…”（2026-W48）的材料". */
export async function describeSource(db: DbOrTrx, note: { userid: string }, kind: string | null, ref: number | null): Promise<string> {
  if (kind === 'material' && ref !== null) {
    const a = await db.selectFrom('assignments').select(['title', 'week']).where('id', '=', ref).executeTakeFirst()
    return t('notes.source.material', { title: a?.title ?? `#${ref}`, week: a?.week ?? '' })
  }
  const src = ref === null ? undefined : await db.selectFrom('notes').select('userid').where('id', '=', ref).executeTakeFirst()
  if (src?.userid === note.userid) return t('notes.source.ownNote', { id: ref ?? '' })
  return t('notes.source.note', { author: src ? await displayName(db, src.userid) : '?', id: ref ?? '' })
}

export async function notifyFlag(db: DbOrTrx, deps: NotifyDeps, note: Note, finding: Finding): Promise<void> {
  const message = {
    type: 'markdown' as const,
    content: t('notes.notice.flagged', {
      id: note.id,
      author: await displayName(db, note.userid),
      chat: await chatName(db, note.chat_id),
      source: await describeSource(db, note, finding.kind, finding.ref),
      more: moreSources(finding.extraSources),
      overlap: finding.overlap,
      passages: quotePassages(finding.passages),
    }),
  }
  for (const admin of await adminIds(db, deps.configuredAdmins)) {
    await deps.outbox.enqueue(db, { to: toUser(admin), message, key: `note.flag:${note.id}:v${note.version}:${admin}` })
  }
  await tellAuthor(db, deps, note, `note.pending:${note.id}:v${note.version}`, t('notes.notice.pendingMember', { id: note.id }))
}

export async function tellAuthor(db: DbOrTrx, deps: NotifyDeps, note: Note, key: string, content: string): Promise<void> {
  await deps.outbox.enqueue(db, { to: toUser(note.userid), message: { type: 'markdown', content }, key })
}

export async function chatName(db: DbOrTrx, chatId: string): Promise<string> {
  const row = await db.selectFrom('chats').select('name').where('chat_id', '=', chatId).executeTakeFirst()
  return row?.name ?? chatId
}
