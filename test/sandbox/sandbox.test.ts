// The sandbox end to end, without a browser: a member's message travels to the bot as a signed,
// encrypted callback; replies, pushes (webhook), private messages (app) and card updates come
// back through the stand-in's REST endpoints and show in the right conversation.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toGroup, toUser } from '../../src/outbox/outbox.js'
import { local } from '../../src/time.js'
import type { StoredMessage } from '../../src/sandbox/wecom-standin/store.js'
import { startSandbox, type RunningSandbox } from './start-sandbox.js'

let s: RunningSandbox
beforeEach(async () => {
  s = await startSandbox()
})
afterEach(() => s.stop())

const GROUP = 'group:wr-dyzb'
const texts = (convo: string) => s.sb.standin.store.list(convo).map((m) => ('content' in m.body ? m.body.content : m.body.type))
async function say(as: string, convo: string, text: string): Promise<void> {
  await s.sb.sender.sendText(as, convo, text)
  await s.sb.sender.idle()
}
async function waitFor<T>(get: () => T | undefined): Promise<T> {
  await expect.poll(get, { timeout: 8000, interval: 50 }).toBeTruthy()
  return get()!
}

describe('sandbox mode', () => {
  it('seeds the demo roster with names, groups and webhook keys', async () => {
    const chats = await s.app.deps.db.selectFrom('chats').select(['chat_id', 'name', 'webhook_key']).orderBy('chat_id').execute()
    expect(chats).toEqual([
      { chat_id: 'wr-dezb', name: '第二党支部', webhook_key: s.sb.creds.webhookKeys['wr-dezb'] },
      { chat_id: 'wr-dyzb', name: '第一党支部', webhook_key: s.sb.creds.webhookKeys['wr-dyzb'] },
    ])
    const members = await s.app.deps.db.selectFrom('memberships').select('userid').where('chat_id', '=', 'wr-dyzb').execute()
    expect(members.map((m) => m.userid).sort()).toEqual(['lisi', 'sunqi', 'wangshuji', 'wangwu', 'zhangsan', 'zhaoliu', 'zhouba'])
    expect(s.sb.config).toMatchObject({ mode: 'sandbox', adminUserIds: ['wangshuji'], apiBase: `${s.url}/sandbox/wecom` })
    expect(s.app.callbacks.routes).toEqual(['/wecom/bot', '/wecom/app'])
  })

  it('answers /帮助 in the group through the real callback, quoting the member', async () => {
    await say('zhangsan', GROUP, '/帮助')
    const [asked, reply] = s.sb.standin.store.list(GROUP)
    expect(asked).toMatchObject({ sender: 'zhangsan', body: { type: 'text', content: '@学习助手 /帮助' } })
    expect(reply).toMatchObject({ sender: 'bot', quoteOf: asked!.id, streaming: false })
    expect(texts(GROUP)[1]).toContain('可用命令')
    const stored = await s.app.deps.db.selectFrom('inbound_messages').select(['userid', 'chat_id']).execute()
    expect(stored).toEqual([{ userid: 'zhangsan', chat_id: 'wr-dyzb' }])
  })

  it('delivers hostile text exactly as typed (HTML, 10,000 characters, empty)', async () => {
    const html = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    await say('lisi', GROUP, html)
    await say('lisi', GROUP, '长'.repeat(10_000))
    await say('lisi', GROUP, '')
    const raws = await s.app.deps.db.selectFrom('inbound_messages').select('body').execute()
    const contents = raws.map((r) => JSON.parse(r.body!).text.content)
    expect(contents).toEqual(expect.arrayContaining([`@学习助手 ${html}`, `@学习助手 ${'长'.repeat(10_000)}`, '@学习助手']))
    expect(s.sb.standin.store.list(GROUP).filter((m) => m.sender === 'bot')).toHaveLength(3)
  })

  it('shows outbox pushes in the group (webhook) and private messages in the member\'s chat (app)', async () => {
    await s.app.deps.outbox.enqueue(s.app.deps.db, { to: toGroup('wr-dyzb'), message: { type: 'markdown', content: '## 本周学习任务' }, key: 't:1' })
    await s.app.deps.outbox.enqueue(s.app.deps.db, { to: toUser('wangshuji'), message: { type: 'markdown', content: '上周学习周报' }, key: 't:2' })
    s.app.deps.outbox.wake()
    const push = await waitFor(() => s.sb.standin.store.list(GROUP).find((m) => m.channel === 'webhook'))
    expect(push.body).toMatchObject({ type: 'markdown', content: '## 本周学习任务' })
    const dm = await waitFor(() => s.sb.standin.store.list('user:wangshuji').find((m) => m.channel === 'app'))
    expect(dm.body).toMatchObject({ content: '上周学习周报' })
  })

  it('a card click sends template_card_event and the clicker sees the updated card', async () => {
    await say('wangshuji', GROUP, '/发起签到 集中学习 30分钟')
    const card = s.sb.standin.store.list(GROUP).find((m) => m.body.type === 'card') as StoredMessage
    expect(card).toBeDefined()
    const before = s.sb.standin.store.cardFor(card, 'zhangsan')!.card
    const key = before.button_list[0].key as string
    await s.sb.sender.click('zhangsan', card, key, [])
    await s.sb.sender.idle()
    const after = s.sb.standin.store.cardFor(card, 'zhangsan')!.card
    expect(after).not.toEqual(before)
    expect(after.sub_title_text).toBeTruthy()
    expect(s.sb.standin.store.cardFor(card, 'lisi')!.card).toEqual(before) // only the clicker's copy changed
  })

  it('an app card sent privately is clicked through /wecom/app and updated for the clicker', async () => {
    await say('zhouba', GROUP, '/请假 明天 住院')
    const card = await waitFor(() => s.sb.standin.store.list('user:wangshuji').find((m) => m.body.type === 'card'))
    expect(card).toMatchObject({ channel: 'app', origin: 'app' })
    const before = s.sb.standin.store.cardFor(card, 'wangshuji')!
    const approve = before.card.button_list[0].key as string
    await s.sb.sender.click('wangshuji', card, approve, [])
    await s.sb.sender.idle()
    await waitFor(() => {
      const now = s.sb.standin.store.cardFor(card, 'wangshuji')!
      return JSON.stringify(now) !== JSON.stringify(before) ? now : undefined
    })
    expect(s.sb.standin.store.list('user:wangshuji').filter((m) => m.sender === 'system')).toEqual([])
  })

  it('moves the clock, keeps the offset in sandbox.json and tells the app', async () => {
    let told = 0
    s.app.onClockMoved(() => {
      told++
    })
    const now = await s.sb.moveClock('mon09')
    const here = local(now, 'Asia/Shanghai')
    expect([here.weekday, here.hour, here.minute]).toEqual([1, 9, 0])
    expect(told).toBe(1)
    const saved = JSON.parse(readFileSync(join(s.dir, 'sandbox.json'), 'utf8')) as { clockOffsetMs: number }
    expect(Math.abs(saved.clockOffsetMs - (now.getTime() - Date.now()))).toBeLessThan(5000)
    await s.sb.moveClock('now')
    expect(Math.abs(s.sb.clock.now().getTime() - Date.now())).toBeLessThan(1000)
  })

  it('reset wipes everything and seeds the demo again', async () => {
    await say('zhangsan', GROUP, '/帮助')
    await s.sb.reset()
    expect(await s.app.deps.db.selectFrom('inbound_messages').selectAll().execute()).toEqual([])
    expect(s.sb.standin.store.list(GROUP).map((m) => m.sender)).toEqual(['system'])
    const users = await s.app.deps.db.selectFrom('users').select('name').where('userid', '=', 'zhouba').execute()
    expect(users).toEqual([{ name: '周八' }])
  })
})
