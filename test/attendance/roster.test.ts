import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Incoming } from '../../src/bot/incoming.js'
import { encryptFile } from '../../src/wecom/crypto.js'
import { ADMIN, GROUP, MON_0900, world, type World } from './setup.js'

let w: World
let server: Server | undefined
afterEach(async () => {
  await w.deps.dbh.drop()
  if (server) await new Promise((r) => server!.close(r))
  server = undefined
})

const names = async () => (await w.deps.db.selectFrom('users').select(['userid', 'name']).orderBy('userid').execute()).map((u) => `${u.userid}=${u.name ?? ''}`)
const roster = async () =>
  (await w.deps.db.selectFrom('memberships').select(['chat_id', 'userid', 'role', 'left_at']).orderBy('chat_id').orderBy('userid').execute()).map((m) => `${m.chat_id}:${m.userid}:${m.role}${m.left_at ? ':left' : ''}`)

describe('roster (花名册)', () => {
  it('a newcomer is shown by userid until named; /我叫 names them; names show everywhere', async () => {
    w = await world(MON_0900, [])
    expect((await w.chat.say('newbie', '/签到')).text).toContain('newbie 签到成功')
    expect((await w.chat.say('newbie', '/我叫 小新')).text).toBe('好的，以后就叫你 小新。')
    expect((await w.chat.say(ADMIN, '/成员')).text).toBe('**第一党支部 花名册**（2 人）\n- 小新（newbie）\n- 王书记（wangshuji） · 管理员')
    expect((await w.chat.say('newbie', '/我叫 <b>坏人</b>')).text).toContain('名字需为 1–20 个字')
    expect((await w.chat.say('newbie', '/我叫 一二三四五六七八九十一二三四五六七八九十一')).text).toContain('名字需为 1–20 个字')
    expect(await names()).toEqual(['newbie=小新', 'wangshuji=王书记'])
  })

  it('admins add, rename and remove members by command; members cannot', async () => {
    w = await world(MON_0900, [])
    expect((await w.chat.say(ADMIN, '/成员 添加 @zhangsan 张三')).text).toBe('已将 张三（zhangsan）加入花名册。')
    expect((await w.chat.say(ADMIN, '/成员 添加 @张三 张老三')).text).toBe('已更新花名册：张老三（zhangsan）。')
    expect((await w.chat.say(ADMIN, '/成员 添加 @bad!id 某某')).text).toBe('“bad!id”不是有效的企业微信账号（字母、数字、_.-@）。')
    expect((await w.chat.say('zhangsan', '/成员 添加 @lisi 李四')).text).toBe('“/成员 添加”只有管理员可以使用。')
    expect((await w.chat.say(ADMIN, '/成员 移除 @张老三')).text).toBe('已将 张老三 移出花名册（历史考勤保留）。')
    expect((await w.chat.say(ADMIN, '/成员 移除 @zhangsan')).text).toBe('张老三 不在本群花名册中。')
    expect(await roster()).toEqual([`${GROUP}:wangshuji:member`, `${GROUP}:zhangsan:member:left`])
    const audit = await w.deps.db.selectFrom('audit_log').select(['actor', 'action', 'target']).where('action', 'like', 'roster.%').orderBy('id').execute()
    expect(audit).toEqual([
      { actor: ADMIN, action: 'roster.add', target: 'zhangsan' },
      { actor: ADMIN, action: 'roster.add', target: 'zhangsan' },
      { actor: ADMIN, action: 'roster.remove', target: 'zhangsan' },
    ])
  })

  it('/成员 模板 gives an .xlsx with the headers and the group pre-filled', async () => {
    w = await world()
    const r = await w.chat.say(ADMIN, '/成员 模板')
    const file = r.messages.find((m) => m.type === 'file') as { filename: string; base64: string }
    expect(file.filename).toBe('花名册模板.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('花名册')!
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['userid', '姓名', '群', '角色'])
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['lisi', '李四', '第一党支部', '成员'])
  })

  it('/成员 导入 with pasted lines: good rows in, bad rows reported', async () => {
    w = await world(MON_0900, [])
    const text = '/成员 导入\nuserid,姓名,群,角色\nzhangsan,张三,第一党支部,成员\nlisi,李四,,列席\nbad!id,某某,,成员\nwangwu,王五,不存在的群,成员\nzhaoliu,赵六,,班长\nlishuji,李书记,wr-dezb,管理员'
    const r = await w.chat.say(ADMIN, text)
    expect(r.text).toBe('已导入 3 人。\n以下行未导入：\n- 第 4 行：账号无效\n- 第 5 行：找不到这个群（私聊导入时“群”必填）\n- 第 6 行：角色应为 成员、管理员 或 列席')
    expect(await roster()).toEqual(['wr-dezb:lishuji:member', `${GROUP}:lisi:observer`, `${GROUP}:wangshuji:member`, `${GROUP}:zhangsan:member`])
    expect(await w.deps.db.selectFrom('admins').select('userid').execute()).toEqual([{ userid: 'lishuji' }])
    // observers are listed but not counted
    expect((await w.chat.say('zhangsan', '/签到')).text).toContain('1/2 今天已签到')
  })

  it('/成员 导入 then a file: the .xlsx is downloaded, decrypted and imported', async () => {
    w = await world(MON_0900, [])
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('花名册')
    ws.addRow(['userid', '姓名', '群', '角色'])
    ws.addRow(['sunqi', '孙七', GROUP, '成员'])
    const key = randomBytes(32)
    const body = encryptFile(key, Buffer.from(await wb.xlsx.writeBuffer()))
    server = createServer((_req, res) => res.end(body))
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/f`
    expect((await w.chat.private_(ADMIN, '/成员 导入')).text).toBe('请在 10 分钟内把填好的花名册文件（.xlsx 或 .csv）发给我。')
    const file: Incoming = { msgid: 'f1', via: 'longconn', chat: { id: ADMIN, type: 'single' }, userid: ADMIN, text: '', kind: 'file', file: { kind: 'file', url, aeskey: key.toString('base64') }, raw: '' }
    expect((await w.chat.deliver(file)).text).toBe('已导入 1 人。')
    expect(await names()).toContain('sunqi=孙七')
  })
})
