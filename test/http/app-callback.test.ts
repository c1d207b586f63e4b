// /wecom/app end to end: the self-built app's XML callbacks (receiveid = corpid).
import { afterEach, describe, expect, it } from 'vitest'
import { createRegistry } from '../../commands/index.js'
import { defineCommand, noArgs } from '../../src/bot/command.js'
import { Registry } from '../../src/bot/registry.js'
import { appCardEvent, appText } from '../support/callback-client.js'
import { CORP_ID, startHarness, type Harness } from './setup.js'

let h: Harness
afterEach(() => h.close())

const tag = (xml: string, name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${name}>`).exec(xml)?.[1]

describe('self-built app callbacks', () => {
  it('answers URL verification (receiveid = corpid)', async () => {
    h = await startHarness()
    expect(await h.appClient.verifyUrl('1616140317555161061')).toMatchObject({ status: 200, text: '1616140317555161061' })
    const wrong = h.appClient.sign('x', { receiveId: 'wwnotourcorp' })
    const res = await fetch(h.appClient.url({ ...wrong.query, echostr: wrong.encrypt }))
    expect(res.status).toBe(403)
  })

  it('a private /帮助 gets an encrypted passive text reply; the 64-bit MsgId is kept exactly', async () => {
    h = await startHarness()
    const r = await h.appClient.send(appText({ corpId: CORP_ID, userid: 'wangshuji', content: '/帮助', msgid: '4561255354251345929' }))
    expect(r.status).toBe(200)
    expect(tag(r.plain, 'MsgType')).toBe('text')
    expect(tag(r.plain, 'ToUserName')).toBe('wangshuji')
    expect(tag(r.plain, 'FromUserName')).toBe(CORP_ID)
    const content = tag(r.plain, 'Content')!
    expect(content).toContain('学习助手 · 可用命令')
    expect(content).not.toContain('**')
    // A help list longer than an app text (2048 bytes) continues in outbox messages to the user.
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(2048)
    const rest = await h.dbh.db.selectFrom('outbox').select(['dedupe_key', 'dest_id', 'payload']).orderBy('id').execute()
    expect(rest.every((o) => o.dest_id === 'wangshuji' && o.dedupe_key.startsWith('reply:4561255354251345929:0.'))).toBe(true)
    const whole = [content, ...rest.map((o) => JSON.parse(o.payload).content)].join('\n')
    expect(whole).toContain('/管理员 添加') // wangshuji is a configured admin
    expect(await h.dbh.db.selectFrom('inbound_messages').select(['msgid', 'via', 'chat_id']).execute()).toEqual([
      { msgid: '4561255354251345929', via: 'app', chat_id: 'wangshuji' },
    ])
    // Redelivery: the same answer, still one row.
    const again = await h.appClient.send(appText({ corpId: CORP_ID, userid: 'wangshuji', content: '/帮助', msgid: '4561255354251345929' }))
    expect(tag(again.plain, 'Content')).toBe(content)
    expect((await h.rows()).inbound_messages).toBe(1)
  })

  it('a card click is answered with update_template_card XML; extra messages go to the user by outbox', async () => {
    const card = defineCommand({
      name: 'h1-vote-card', aliases: ['投票卡测试'], summary: 'cmd.help.summary', usage: 'cmd.help.usage', scope: 'any', role: 'member', parse: noArgs, hidden: true,
      run: async () => null,
      cardPrefixes: ['h1v_'],
      onCard: async (ctx, ev) => [
        '已记录你的选择',
        { type: 'card_update' as const, userids: [ctx.sender.userid], card: { card_type: 'button_interaction' as const, main_title: { title: '已投票' }, task_id: ev.taskId, button_list: [{ text: '已提交', key: 'done' }, { text: '撤回', key: 'undo' }] } },
      ],
    })
    h = await startHarness({ registry: new Registry([...createRegistry().commands, card]) })
    const r = await h.appClient.send(appCardEvent({ corpId: CORP_ID, userid: 'lisi', eventKey: 'h1v_yes', taskId: 'h1v_7' }))
    expect(r.status).toBe(200)
    expect(tag(r.plain, 'MsgType')).toBe('update_template_card')
    expect(r.plain).toContain('<TemplateCard><CardType><![CDATA[button_interaction]]></CardType><MainTitle><Title><![CDATA[已投票]]></Title></MainTitle>')
    expect(r.plain).toContain('<TaskId><![CDATA[h1v_7]]></TaskId><ButtonList><Text><![CDATA[已提交]]></Text><Key><![CDATA[done]]></Key></ButtonList><ButtonList>')
    const outbox = await h.dbh.db.selectFrom('outbox').select(['dest_kind', 'dest_id', 'payload']).execute()
    expect(outbox).toEqual([{ dest_kind: 'user', dest_id: 'lisi', payload: JSON.stringify({ type: 'markdown', content: '已记录你的选择' }) }])
  })

  it('a command slower than the budget gets an empty 200 and its reply by outbox', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = defineCommand({
      name: 'h1-slow', aliases: ['慢测试'], summary: 'cmd.help.summary', usage: 'cmd.help.usage', scope: 'any', role: 'member', parse: noArgs,
      run: async () => (await gate, '做完了'),
    })
    h = await startHarness({ registry: new Registry([...createRegistry().commands, slow]), callbacks: { replyBudgetMs: 30 } })
    const r = await h.appClient.send(appText({ corpId: CORP_ID, userid: 'wangshuji', content: '/慢测试' }))
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    release()
    await h.app.callbacks.idle()
    const outbox = await h.dbh.db.selectFrom('outbox').select(['dest_kind', 'dest_id', 'payload']).execute()
    expect(outbox).toEqual([{ dest_kind: 'user', dest_id: 'wangshuji', payload: JSON.stringify({ type: 'markdown', content: '做完了' }) }])
  })
})

describe('which routes are mounted', () => {
  it('no app route without app credentials; no bot route in long-connection mode', async () => {
    h = await startHarness({
      env: { WECOM_MODE: 'longconn', WECOM_BOT_ID: 'bot', WECOM_BOT_SECRET: 'sec', WECOM_CORP_ID: '', WECOM_APP_AGENT_ID: '', WECOM_APP_SECRET: '', WECOM_APP_TOKEN: '', WECOM_APP_AES_KEY: '' },
    })
    expect(h.app.callbacks.routes).toEqual([])
    expect((await fetch(`${h.baseUrl}/wecom/bot`)).status).toBe(404)
    expect((await fetch(`${h.baseUrl}/wecom/app`)).status).toBe(404)
  })

  it('both routes in callback mode with the app configured', async () => {
    h = await startHarness()
    expect(h.app.callbacks.routes).toEqual(['/wecom/bot', '/wecom/app'])
  })
})
