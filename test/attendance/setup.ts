// Shared set-up for attendance conversations: the demo group with named members.
import { addToRoster } from '../../src/members/roster.js'
import { Chat, GROUP } from '../support/chat.js'
import { FakeClock } from '../support/fake-clock.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

export { GROUP }
export const ADMIN = 'wangshuji'
export const PEOPLE = { wangshuji: '王书记', zhangsan: '张三', lisi: '李四', wangwu: '王五', zhaoliu: '赵六', sunqi: '孙七', zhouba: '周八' } as const

// Reference instants (Asia/Shanghai = UTC+8).
export const MON_0900 = '2026-11-23T01:00:00Z' // Mon 23 Nov 09:00
export const MON_2359 = '2026-11-23T15:59:00Z' // Mon 23:59
export const TUE_0000 = '2026-11-23T16:00:00Z' // Tue 24 Nov 00:00
export const TUE_1930 = '2026-11-24T11:30:00Z' // Tue 19:30

export interface World {
  deps: TestDeps
  chat: Chat
  clock: FakeClock
}

export async function world(start = MON_0900, members: (keyof typeof PEOPLE)[] = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba']): Promise<World> {
  const clock = new FakeClock(start)
  const deps = await createTestDeps({ clock })
  const at = clock.now().toISOString()
  await deps.db.insertInto('chats').values({ chat_id: GROUP, type: 'group', name: '第一党支部', first_seen_at: at, last_seen_at: at, longconn_ok: 0 }).execute()
  for (const userid of members) await addToRoster(deps.db, { chatId: GROUP, userid, name: PEOPLE[userid], at })
  await deps.db.insertInto('users').values({ userid: ADMIN, name: PEOPLE.wangshuji, first_seen_at: at }).execute()
  return { deps, chat: new Chat(deps), clock }
}

export async function outbox(deps: TestDeps) {
  const rows = await deps.db.selectFrom('outbox').select(['dedupe_key', 'dest_kind', 'dest_id', 'payload']).orderBy('id').execute()
  return rows.map((r) => ({ ...r, message: JSON.parse(r.payload) as { type: string; content?: string; card?: any } }))
}
