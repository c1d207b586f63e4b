// Shared setup for the note tests: named members, this week's assignment with its material.
import { Chat, GROUP } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { MATERIAL } from './fixtures.js'

export const NAMES: Record<string, string> = { zhangsan: '张三', lisi: '李四', wangwu: '王五', zhaoliu: '赵六', zhouqi: '周七', wangshuji: '王书记' }

export async function nameMembers(deps: TestDeps): Promise<void> {
  const at = deps.clock.now().toISOString()
  for (const [userid, name] of Object.entries(NAMES)) {
    await deps.db.insertInto('users').values({ userid, name, first_seen_at: at }).execute()
  }
}

export async function addAssignment(deps: TestDeps, values: { week?: string; chatId?: string; title?: string; material?: string; noteMin?: number } = {}): Promise<number> {
  const row = await deps.db
    .insertInto('assignments')
    .values({
      week: values.week ?? '2026-W48',
      chat_id: values.chatId ?? GROUP,
      title: values.title ?? '调查研究是谋事之基',
      material: values.material ?? MATERIAL,
      link: null,
      note_min: values.noteMin ?? 200,
      quiz_tags: '',
      due_at: '2026-11-29T15:59:00.000Z',
      created_by: 'wangshuji',
      created_at: deps.clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Outbox rows as { to, text } (private notices and group posts). */
export async function outboxMessages(deps: TestDeps): Promise<{ kind: string; to: string; key: string; text: string }[]> {
  const rows = await deps.db.selectFrom('outbox').select(['dest_kind', 'dest_id', 'dedupe_key', 'payload']).orderBy('id').execute()
  return rows.map((r) => ({ kind: r.dest_kind, to: r.dest_id, key: r.dedupe_key, text: (JSON.parse(r.payload) as { content?: string }).content ?? '' }))
}

export const noteIdIn = (text: string): number => {
  const m = /#(\d+)/.exec(text)
  if (!m) throw new Error(`no note id in: ${text}`)
  return Number(m[1])
}

/** A fresh database with the demo members named and this week's assignment, and a chat driver. */
export async function notesWorld(): Promise<{ deps: TestDeps; chat: Chat }> {
  const deps = await createTestDeps()
  await nameMembers(deps)
  await addAssignment(deps)
  return { deps, chat: new Chat(deps) }
}
