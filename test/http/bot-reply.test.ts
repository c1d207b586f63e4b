import { describe, expect, it } from 'vitest'
import type { Incoming } from '../../src/bot/incoming.js'
import { planBotReply } from '../../src/http/bot-reply.js'
import type { TemplateCard } from '../../src/wecom/types.js'

const incoming: Incoming = { msgid: 'm1', via: 'bot', chat: { id: 'wr-dyzb', type: 'group' }, userid: 'zhangsan', text: 'B', kind: 'text', raw: '' }
const card: TemplateCard = { card_type: 'vote_interaction', task_id: 'quiz_1', checkbox: { question_key: 'q', option_list: [{ id: 'A', text: '甲' }] }, submit_button: { text: '提交', key: 'quiz:submit' } }

describe('the passive reply to a message', () => {
  it('joins the leading texts into one stream and carries the card with it', () => {
    const plan = planBotReply(incoming, { duplicate: false, messages: [{ type: 'markdown', content: '✅ 回答正确！' }, { type: 'markdown', content: '第 2/2 题' }, { type: 'card', card }] }, 's1')
    expect(plan.reply).toEqual({ msgtype: 'stream_with_template_card', stream: { id: 's1', finish: true, content: '✅ 回答正确！\n\n第 2/2 题' }, template_card: card })
    expect(plan.spill).toEqual([])
  })
  it('spills what does not fit: a second card and files', () => {
    const plan = planBotReply(
      incoming,
      { duplicate: false, messages: [{ type: 'markdown', content: '导出完成' }, { type: 'file', filename: 'a.xlsx', base64: 'AA==' }, { type: 'card', card }] },
      's2',
    )
    expect(plan.reply).toMatchObject({ msgtype: 'stream', stream: { content: '导出完成', finish: true } })
    expect(plan.spill.map((s) => s.index)).toEqual([1, 2])
  })
  it('keeps each stream within 20480 bytes by spilling the texts that would overflow it', () => {
    const big = '字'.repeat(5000) // 15000 bytes
    const plan = planBotReply(incoming, { duplicate: false, messages: [{ type: 'markdown', content: big }, { type: 'markdown', content: big }] }, 's3')
    expect(plan.stream?.content).toBe(big)
    expect(plan.spill.map((s) => s.index)).toEqual([1])
  })
})

describe('the passive reply to a card click', () => {
  it('updates the card for the clicking user and keeps the clicked card task_id', () => {
    const click: Incoming = { ...incoming, kind: 'card_event', text: '', event: { key: 'att:signin:1', taskId: 'att_session_1', cardType: 'button_interaction', selected: [] } }
    const done: TemplateCard = { card_type: 'button_interaction', main_title: { title: '已签到' }, button_list: [{ text: '已签到', key: 'att:signin:1' }] }
    const plan = planBotReply(click, { duplicate: false, messages: [{ type: 'markdown', content: '✅' }], update: { type: 'card_update', card: done, userids: ['zhangsan'] } }, 's')
    expect(plan.reply).toEqual({ response_type: 'update_template_card', userids: ['zhangsan'], template_card: { ...done, task_id: 'att_session_1' } })
    expect(plan.spill).toHaveLength(1)
  })
})
