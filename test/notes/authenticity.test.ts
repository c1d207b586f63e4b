// The authenticity check in conversation: copies and pastes are flagged privately, honest notes
// on the same reading are not, and a flagged note earns nothing until an admin clears it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { memberPoints } from '../../src/points/ledger.js'
import { pendingReviewCount } from '../../src/notes/queries.js'
import { Chat } from '../support/chat.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { COPIED_A, HONEST_A, HONEST_B, PASTED_MATERIAL } from './fixtures.js'
import { addAssignment, nameMembers, noteIdIn, outboxMessages } from './support.js'

let deps: TestDeps
let chat: Chat
let assignmentId: number
beforeEach(async () => {
  deps = await createTestDeps()
  chat = new Chat(deps)
  await nameMembers(deps)
  assignmentId = await addAssignment(deps)
})
afterEach(() => deps.dbh.drop())

const points = (userid: string) => memberPoints(deps.db, 'wr-dyzb', userid, 'all')

describe('authenticity check', () => {
  it('two honest notes on the same reading are accepted and earn points', async () => {
    const a = await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    expect(a.text).toContain('✅ 已收到张三的笔记')
    expect(a.text).toContain('（学习任务：调查研究是谋事之基）')
    expect(a.text).toContain('字数：310 字（要求至少 200 字，已达标）')
    expect(a.text).toContain('积分：+3')
    deps.clock.advanceMinutes(10)
    const b = await chat.say('lisi', `/笔记 ${HONEST_B}`)
    expect(b.text).toContain('字数：289 字')
    expect(b.text).toContain('积分：+3')
    const rows = await deps.db.selectFrom('notes').select(['userid', 'status', 'flag_kind', 'assignment_id', 'content']).orderBy('id').execute()
    expect(rows).toEqual([
      { userid: 'zhangsan', status: 'accepted', flag_kind: null, assignment_id: assignmentId, content: HONEST_A },
      { userid: 'lisi', status: 'accepted', flag_kind: null, assignment_id: assignmentId, content: HONEST_B },
    ])
    expect(await points('zhangsan')).toBe(3)
    expect(await points('lisi')).toBe(3)
    expect(await outboxMessages(deps)).toEqual([])
  })

  it('a copy with words changed is flagged privately, with the overlap and the source', async () => {
    const a = await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    const sourceId = noteIdIn(a.text)
    deps.clock.advanceMinutes(60)
    const copy = await chat.say('wangwu', `/笔记 ${COPIED_A}`)
    // The group sees an ordinary acceptance: no flag, no source, no percentage.
    expect(copy.text).toContain('✅ 已收到王五的笔记')
    expect(copy.text).toContain('积分：稍后发放')
    expect(copy.text).not.toMatch(/重合|抄|审核|张三|%/)
    const id = noteIdIn(copy.text)
    const row = await deps.db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'pending', flag_kind: 'note', flag_ref: sourceId, award_key: null })
    expect(row.flag_overlap).toBeGreaterThanOrEqual(80)
    expect(await points('wangwu')).toBe(0)
    const out = await outboxMessages(deps)
    expect(out.every((m) => m.kind === 'user')).toBe(true)
    const admin = out.find((m) => m.to === 'wangshuji')!
    expect(admin.text).toContain(`**笔记待审核 #${id}**`)
    expect(admin.text).toContain('作者：王五')
    expect(admin.text).toContain(`与 张三 的笔记 #${sourceId} 重合 **${row.flag_overlap}%**`)
    expect(admin.text).toContain('> ')
    expect(out.find((m) => m.to === 'wangwu')!.text).toBe(`你的笔记 #${id} 已保存，需要管理员复核后才能计分，请耐心等待。`)
  })

  it('a note pasted from the assignment material is flagged with the material as source', async () => {
    const r = await chat.say('zhaoliu', `/笔记 ${PASTED_MATERIAL}`)
    expect(r.text).toContain('积分：稍后发放')
    const row = await deps.db.selectFrom('notes').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'pending', flag_kind: 'material', flag_ref: assignmentId })
    expect(row.flag_overlap).toBeGreaterThanOrEqual(80)
    const admin = (await outboxMessages(deps)).find((m) => m.to === 'wangshuji')!
    expect(admin.text).toContain('与学习任务“调查研究是谋事之基”（2026-W48）的学习材料重合')
    expect(admin.text).toContain('调查研究是谋事之基、成事之道')
  })

  it('a member re-submitting an earlier note of their own is flagged', async () => {
    await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    deps.clock.set('2026-11-30T02:00:00Z') // next Monday, a new assignment
    await addAssignment(deps, { week: '2026-W49', title: '读书与学习', material: '本周读书材料。', noteMin: 100 })
    const again = await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    expect(again.text).toContain('积分：稍后发放')
    const admin = (await outboxMessages(deps)).find((m) => m.to === 'wangshuji')!
    expect(admin.text).toContain('与本人较早的笔记 #1 重合 **100%**')
  })

  it('a flagged note earns nothing until /通过; likes wait too', async () => {
    await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    const id = noteIdIn((await chat.say('wangwu', `/笔记 ${COPIED_A}`)).text)
    expect((await chat.say('lisi', `/赞 ${id}`)).text).toContain(`你赞了王五的笔记 #${id}`)
    expect(await points('wangwu')).toBe(0)
    expect(await pendingReviewCount(deps.db)).toBe(1)

    const list = await chat.private_('wangshuji', '/笔记 待审')
    expect(list.text).toContain('**待审核笔记**（共 1 篇）')
    expect(list.text).toContain(`**#${id}** 王五（wr-dyzb）`)
    expect(list.text).toContain('与 张三 的笔记 #1 重合')
    expect(list.text).toMatch(/> .*小区实地走访，不提前打招呼/)
    expect((await chat.say('wangwu', '/笔记 待审')).text).toBe('“/笔记 待审”只有管理员可以使用。')

    const ok = await chat.private_('wangshuji', `/通过 ${id}`)
    expect(ok.text).toBe(`✅ 笔记 #${id} 已通过审核，王五获得 3 积分。`)
    expect(await points('wangwu')).toBe(4) // 3 for the note + 1 for lisi's like
    expect(await pendingReviewCount(deps.db)).toBe(0)
    expect((await outboxMessages(deps)).some((m) => m.to === 'wangwu' && m.text === `你的笔记 #${id} 已通过审核，获得 3 积分。`)).toBe(true)
    expect((await chat.private_('wangshuji', `/通过 ${id}`)).text).toBe(`笔记 #${id} 不在待审核状态。`)
    expect(await points('wangwu')).toBe(4)
  })

  it('/退回 returns a flagged note; the member is told the reason privately and earns nothing', async () => {
    await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    const id = noteIdIn((await chat.say('wangwu', `/笔记 ${COPIED_A}`)).text)
    const r = await chat.private_('wangshuji', `/退回 ${id} 与他人笔记高度雷同，请独立撰写`)
    expect(r.text).toBe(`已退回笔记 #${id}，并私信告知了王五。`)
    const note = await deps.db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(note).toMatchObject({ status: 'returned', review_reason: '与他人笔记高度雷同，请独立撰写', reviewed_by: 'wangshuji' })
    const told = (await outboxMessages(deps)).find((m) => m.key === `note.returned:${id}`)!
    expect(told).toMatchObject({ kind: 'user', to: 'wangwu' })
    expect(told.text).toContain('原因：与他人笔记高度雷同，请独立撰写')
    expect(await points('wangwu')).toBe(0)
    expect(await deps.db.selectFrom('note_index').selectAll().where('doc_kind', '=', 'note').where('doc_id', '=', id).execute()).toEqual([])
    expect((await chat.private_('wangshuji', `/退回 ${id}`)).text).toContain('缺少参数：退回原因')
  })

  it('an edit is checked again: turning a note into a copy takes its points back until it is honest again', async () => {
    await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    const id = noteIdIn((await chat.say('lisi', `/笔记 ${HONEST_B}`)).text)
    expect(await points('lisi')).toBe(3)
    deps.clock.advanceMinutes(10)
    const bad = await chat.say('lisi', `/笔记 修改 ${id} ${COPIED_A}`)
    expect(bad.text).toContain('积分：稍后发放')
    expect(await points('lisi')).toBe(0)
    expect((await deps.db.selectFrom('notes').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ status: 'pending', version: 2 })
    expect((await outboxMessages(deps)).map((m) => m.key)).toEqual([`note.flag:${id}:v2:wangshuji`, `note.pending:${id}:v2`])
    deps.clock.advanceMinutes(10)
    const good = await chat.say('lisi', `/笔记 修改 ${id} ${HONEST_B}`)
    expect(good.text).toContain('积分：+3')
    expect(await points('lisi')).toBe(3)
    expect(await pendingReviewCount(deps.db)).toBe(0)
  })

  it('/心得体会 is another name for /笔记', async () => {
    const r = await chat.say('zhangsan', `/心得体会 ${HONEST_A}`)
    expect(r.text).toContain('字数：310 字')
    expect((await deps.db.selectFrom('notes').select('content').executeTakeFirstOrThrow()).content).toBe(HONEST_A)
  })

  it('the check finds sources through the index only: an unindexed note is not compared', async () => {
    await chat.say('zhangsan', `/笔记 ${HONEST_A}`)
    await deps.db.deleteFrom('note_index').where('doc_kind', '=', 'note').execute()
    const copy = await chat.say('wangwu', `/笔记 ${COPIED_A}`)
    expect(copy.text).toContain('积分：+3')
  })
})
