// Submitting, editing, withdrawing, listing, viewing, liking and featuring notes, in conversation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { featuredNotes, notedUserids } from '../../src/notes/queries.js'
import { LIKES_PER_DAY } from '../../src/notes/likes.js'
import { memberPoints } from '../../src/points/ledger.js'
import { Chat } from '../support/chat.js'
import type { TestDeps } from '../support/test-deps.js'
import { HONEST_A, HONEST_B, HONEST_C } from './fixtures.js'
import { addAssignment, noteIdIn, outboxMessages, notesWorld } from './support.js'

let deps: TestDeps
let chat: Chat
beforeEach(async () => {
  ;({ deps, chat } = await notesWorld())
})
afterEach(() => deps.dbh.drop())

const points = (userid: string) => memberPoints(deps.db, 'wr-dyzb', userid, 'all')
const noteCount = async () => (await deps.db.selectFrom('notes').select('id').execute()).length

describe('submitting', () => {
  it('a note below the minimum states the count and the minimum and saves nothing', async () => {
    const r = await chat.say('zhangsan', '/笔记 学习了，很有收获！\n今后要把学到的东西用到工作中去。')
    expect(r.text).toBe('笔记字数不足：现在 22 字，至少需要 200 字（空格和标点不计）。这次没有保存，补充后请重新提交。')
    expect(await noteCount()).toBe(0)
    expect(await points('zhangsan')).toBe(0)
  })

  it('an empty note or an unknown assignment gets a clear reply', async () => {
    expect((await chat.say('zhangsan', '/笔记')).text).toContain('缺少参数：笔记内容')
    expect((await chat.say('zhangsan', `/笔记 #999 ${HONEST_A}`)).text).toBe('找不到学习任务 #999。')
    expect(await noteCount()).toBe(0)
  })

  it('keeps newlines, and the second note on one assignment earns no second award', async () => {
    await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    const second = await chat.say('zhangsan', `/笔记 ${HONEST_C}`)
    expect(second.text).toContain('积分：本次学习任务的笔记积分已计入，这篇不重复加分')
    const stored = await deps.db.selectFrom('notes').select('content').orderBy('id').execute()
    expect(stored[0]!.content).toBe(HONEST_A)
    expect(stored[0]!.content.split('\n')).toHaveLength(4)
    expect(await points('zhangsan')).toBe(3)
    expect(await notedUserids(deps.db, 'wr-dyzb', '2026-W48')).toEqual(new Set(['zhangsan']))
  })

  it('/笔记 #编号 attaches to another assignment of the group', async () => {
    const last = await addAssignment(deps, { week: '2026-W47', title: '上周：读书方法', material: '', noteMin: 150 })
    const r = await chat.say('zhouqi', `/笔记 #${last} ${HONEST_C}`)
    expect(r.text).toContain('（学习任务：上周：读书方法）')
    expect(r.text).toContain('（要求至少 150 字，已达标）')
    expect(await deps.db.selectFrom('notes').select(['assignment_id', 'week']).executeTakeFirst()).toEqual({ assignment_id: last, week: '2026-W47' })
  })
})

describe('edit and withdraw window', () => {
  it('edits at 29 minutes, refuses at 31 minutes and changes nothing', async () => {
    const id = noteIdIn((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text)
    deps.clock.advanceMinutes(29)
    const edited = await chat.say('zhangsan', `/笔记 修改 ${id} ${HONEST_A}\n补充：下周先去幸福里小区。`)
    expect(edited.text).toContain(`✏️ 笔记 **#${id}** 已修改，字数：321 字`)
    expect(edited.text).toContain('积分：不变')
    deps.clock.advanceMinutes(2)
    const late = await chat.say('zhangsan', `/笔记 修改 ${id} ${HONEST_B}`)
    expect(late.text).toBe(`笔记 #${id} 提交已超过 30 分钟，不能再修改或撤回。`)
    expect((await chat.say('zhangsan', `/笔记 撤回 ${id}`)).text).toBe(`笔记 #${id} 提交已超过 30 分钟，不能再修改或撤回。`)
    const note = await deps.db.selectFrom('notes').selectAll().executeTakeFirstOrThrow()
    expect(note.content).toBe(`${HONEST_A}\n补充：下周先去幸福里小区。`)
    expect(note).toMatchObject({ status: 'accepted', chars: 321, version: 2 })
    expect(await points('zhangsan')).toBe(3)
  })

  it('only the author may edit or withdraw; withdrawal within the window reverses the points', async () => {
    const id = noteIdIn((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text)
    expect((await chat.say('lisi', `/笔记 撤回 ${id}`)).text).toBe(`笔记 #${id} 不是你的，只能修改或撤回自己的笔记。`)
    expect((await chat.say('lisi', `/笔记 修改 ${id} ${HONEST_B}`)).text).toContain('不是你的')
    deps.clock.advanceMinutes(29)
    expect((await chat.say('zhangsan', `/笔记 撤回 ${id}`)).text).toBe(`↩️ 笔记 #${id} 已撤回。已扣回 3 积分。`)
    expect(await points('zhangsan')).toBe(0)
    expect((await deps.db.selectFrom('notes').select('status').executeTakeFirstOrThrow()).status).toBe('withdrawn')
    expect(await deps.db.selectFrom('note_index').selectAll().where('doc_kind', '=', 'note').execute()).toEqual([])
    expect((await chat.say('zhangsan', `/笔记 撤回 ${id}`)).text).toBe(`找不到笔记 #${id}。`)
    // A new note after withdrawing earns the award again.
    expect((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text).toContain('积分：+3')
  })

  it('an edit too short is refused and the note stays', async () => {
    const id = noteIdIn((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text)
    expect((await chat.say('zhangsan', `/笔记 修改 ${id} 太短了`)).text).toContain('现在 3 字，至少需要 200 字')
    expect((await deps.db.selectFrom('notes').select('content').executeTakeFirstOrThrow()).content).toBe(HONEST_A)
  })
})

describe('reading notes', () => {
  it('lists my notes; members of the group read each other unless an admin turns it off', async () => {
    const id = noteIdIn((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text)
    const list = await chat.say('zhangsan', '/笔记 列表')
    expect(list.text).toContain('**张三的笔记**（最近 1 篇）')
    expect(list.text).toContain(`- **#${id}** 11月23日 09:00 · 310 字 · 👍0`)
    expect(list.text).not.toContain('已通过') // no review status in the group
    expect((await chat.private_('zhangsan', '/笔记 列表')).text).toContain('310 字 · 👍0 · 已通过')

    const peer = await chat.say('lisi', `/笔记 查看 ${id}`)
    expect(peer.text).toContain(`**笔记 #${id}** · 张三 · 11月23日 09:00（学习任务：调查研究是谋事之基）`)
    expect(peer.text).toContain('我在社区服务中心工作')
    expect((await chat.say('lisi', `/笔记 查看 ${id}`, { chat: 'wr-other' })).text).toContain(`不能查看笔记 #${id}`)

    expect((await chat.say('lisi', '/笔记 设置 互看 关')).text).toContain('只有管理员')
    expect((await chat.say('wangshuji', '/笔记 设置 互看 关')).text).toBe('已关闭互看：成员只能查看自己的笔记（管理员仍可查看）。')
    expect((await chat.say('lisi', `/笔记 查看 ${id}`)).text).toContain(`不能查看笔记 #${id}`)
    expect((await chat.private_('lisi', `/笔记 查看 ${id}`)).text).toContain(`不能查看笔记 #${id}`)
    expect((await chat.say('zhangsan', `/笔记 查看 ${id}`)).text).toContain('我在社区服务中心工作')
    expect((await chat.say('wangshuji', `/笔记 查看 ${id}`)).text).toContain('我在社区服务中心工作')
    expect((await chat.say('wangshuji', '/笔记 设置 互看 开')).text).toContain('已开启互看')
    expect((await chat.private_('lisi', `/笔记 查看 ${id}`)).text).toContain('我在社区服务中心工作')
    expect((await chat.say('lisi', '/笔记 查看 12345')).text).toBe('找不到笔记 #12345。')
  })
})

describe('likes', () => {
  async function notesBy(users: string[]): Promise<number[]> {
    const ids: number[] = []
    for (const u of users) {
      const row = await deps.db
        .insertInto('notes')
        .values({ chat_id: 'wr-dyzb', userid: u, assignment_id: null, week: '2026-W48', content: `${u} 的笔记`, chars: 300, status: 'accepted', award_key: null, flag_kind: null, flag_ref: null, flag_overlap: null, flag_passages: null, reviewed_by: null, reviewed_at: null, review_reason: null, created_at: deps.clock.now().toISOString(), updated_at: deps.clock.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow()
      ids.push(row.id)
    }
    return ids
  }

  it('never one\'s own, once per note, capped per giver per day', async () => {
    const [own, ...others] = await notesBy(['lisi', 'zhangsan', 'wangwu', 'zhaoliu', 'zhouqi', 'wangshuji', 'u7', 'u8'])
    expect((await chat.say('lisi', `/赞 ${own}`)).text).toBe('不能给自己的笔记点赞。')
    expect((await chat.say('lisi', `/赞 ${others[0]}`)).text).toBe(`👍 你赞了张三的笔记 #${others[0]}。今天还可以点赞 ${LIKES_PER_DAY - 1} 次。`)
    expect((await chat.say('lisi', `/赞 ${others[0]}`)).text).toBe(`你已经赞过笔记 #${others[0]} 了。`)
    for (const id of others.slice(1, LIKES_PER_DAY)) expect((await chat.say('lisi', `/赞 ${id}`)).text).toContain('你赞了')
    const capped = await chat.say('lisi', `/赞 ${others[LIKES_PER_DAY]}`)
    expect(capped.text).toBe(`今天的点赞次数已用完（每天最多 ${LIKES_PER_DAY} 次），明天再来吧。`)
    expect(await deps.db.selectFrom('note_likes').selectAll().where('giver', '=', 'lisi').execute()).toHaveLength(LIKES_PER_DAY)
    expect(await points('zhangsan')).toBe(1)
    const liked = await deps.db.selectFrom('notes').select('likes').where('id', '=', others[0]!).executeTakeFirstOrThrow()
    expect(liked.likes).toBe(1)
    deps.clock.advanceMinutes(15 * 60) // Tue 00:00 local: a new day
    expect((await chat.say('lisi', `/赞 ${others[LIKES_PER_DAY]}`)).text).toContain('你赞了')
    expect((await chat.say('zhangsan', `/赞 ${own}`, { chat: 'wr-other' })).text).toBe(`找不到笔记 #${own}。`)
  })
})

describe('featuring', () => {
  it('/精选 gives the bonus once, tells the author, and the digest sees it', async () => {
    const id = noteIdIn((await chat.say('zhangsan', `/笔记 ${HONEST_A}`)).text)
    expect((await chat.say('wangshuji', `/精选 ${id}`)).text).toBe(`🌟 笔记 #${id}（张三）已评为优秀笔记，奖励 5 积分，本周学习通报将展示它。`)
    expect((await chat.say('wangshuji', `/精选 ${id}`)).text).toBe(`笔记 #${id} 已经是优秀笔记了。`)
    expect(await points('zhangsan')).toBe(8)
    const featured = await featuredNotes(deps.db, '2026-W48')
    expect(featured).toMatchObject([{ id, chatId: 'wr-dyzb', userid: 'zhangsan', chars: 310 }])
    expect(featured[0]!.excerpt.startsWith('这周认真读了关于调查研究的学习材料')).toBe(true)
    expect((await outboxMessages(deps)).map((m) => m.text)).toContain(`🌟 你的笔记 #${id} 被评为优秀笔记，奖励 5 积分！`)
    expect((await chat.say('zhangsan', `/精选 ${id}`)).text).toContain('只有管理员')
  })
})
