// One member sending 100 commands in 10 seconds is slowed down with a clear reply; another member
// typing at the same time is answered normally, and the flood writes no sign-ins beyond the first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  deps = await createTestDeps() // RATE_LIMIT_PER_MINUTE: 30 (default)
  chat = new Chat(deps)
})
afterEach(() => deps.dbh.drop())

describe('rate limit', () => {
  it('limits a flooding member without touching anyone else', async () => {
    const flood: string[] = []
    const other: string[] = []
    for (let i = 0; i < 100; i++) {
      flood.push((await chat.say('zhangsan', '/我的')).text)
      if (i % 10 === 0) other.push((await chat.say('lisi', '/帮助')).text)
      deps.clock.advance(100) // 100 commands in 10 seconds
    }
    const limited = flood.filter((t) => t.startsWith('操作太频繁了'))
    expect(flood.length - limited.length).toBe(30)
    expect(limited).toHaveLength(70)
    expect(limited[0]).toMatch(/^操作太频繁了，请 \d+ 秒后再试。$/)
    expect(other).toHaveLength(10)
    for (const t of other) expect(t).toContain('可用命令')
    // a limited message is not even recorded (nothing to redeliver, nothing written)
    const zs = await deps.db.selectFrom('inbound_messages').select('msgid').where('userid', '=', 'zhangsan').execute()
    expect(zs).toHaveLength(30)
    // a minute later the member is answered again
    deps.clock.advanceSeconds(60)
    expect((await chat.say('zhangsan', '/签到')).text).toContain('签到成功')
  })
})
