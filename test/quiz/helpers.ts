// Shared helpers for the quiz tests: a small known bank, the question a member is on, outbox reads.
import { importRows, questionById, type Question } from '../../src/quiz/bank.js'
import type { RawRow } from '../../src/quiz/validate.js'
import type { TestDeps } from '../support/test-deps.js'

export const BANK: RawRow[] = [
  { 类型: '单选', 题干: '《论语》是哪家学派的经典？', 选项A: '儒家', 选项B: '道家', 选项C: '法家', 选项D: '墨家', 答案: 'A', 解析: '《论语》是儒家经典。', 标签: '文化' },
  { 类型: '多选', 题干: '以下属于四大发明的有哪些？', 选项A: '造纸术', 选项B: '丝绸', 选项C: '火药', 选项D: '指南针', 答案: 'ACD', 解析: '四大发明：造纸术、印刷术、火药、指南针。', 标签: '历史' },
  { 类型: '判断', 题干: '标准大气压下水的沸点是 100 摄氏度。', 答案: '对', 解析: '纯水在一个标准大气压下 100 ℃ 沸腾。', 标签: '科学' },
  { 类型: '判断', 题干: '声音可以在真空中传播。', 答案: '错', 解析: '声音传播需要介质。', 标签: '科学' },
  { 类型: '填空', 题干: '水的化学式是____。', 答案: 'H2O', 解析: '两个氢原子和一个氧原子。', 标签: '科学', 时限秒: '60' },
  { 类型: '单选', 题干: '中国共产党第一次全国代表大会于哪一年召开？', 选项A: '1919 年', 选项B: '1921 年', 选项C: '1927 年', 答案: 'B', 解析: '1921 年 7 月在上海召开。', 标签: '党史' },
]

export async function seedBank(deps: TestDeps, rows: RawRow[] = BANK): Promise<void> {
  await importRows(deps.db, rows.map((data, i) => ({ row: i + 2, data })), { now: deps.clock.now(), source: 'test' })
}

export async function questionId(deps: TestDeps, stemStart: string): Promise<number> {
  const r = await deps.db.selectFrom('quiz_questions').select('id').where('stem', 'like', `${stemStart}%`).executeTakeFirstOrThrow()
  return r.id
}

/** The question a member is on in their open personal quiz in a chat. */
export async function onQuestion(deps: TestDeps, userid: string, chatId = userid): Promise<Question> {
  const s = await deps.db.selectFrom('quiz_sessions').selectAll().where('userid', '=', userid).where('chat_id', '=', chatId).where('status', '=', 'open').executeTakeFirstOrThrow()
  const ids = JSON.parse(s.question_ids) as number[]
  return (await questionById(deps.db, ids[s.current]!))!
}

/** A correct typed answer for a question. */
export function rightAnswer(q: Question): string {
  if (q.type === 'judge') return q.answer === 'A' ? '对' : '错'
  return q.answer.split('|')[0]!
}

/** A wrong typed answer for a question. */
export function wrongAnswer(q: Question): string {
  if (q.type === 'judge') return q.answer === 'A' ? '错' : '对'
  if (q.type === 'fill') return '不知道'
  return q.answer === 'A' ? 'B' : 'A'
}

export interface Sent {
  key: string
  to: string
  text: string
  card?: { task_id?: string; submit_button?: { key: string } }
}

/** Outbox rows in order, with markdown text or the card. */
export async function outbox(deps: TestDeps, keyPrefix = ''): Promise<Sent[]> {
  const rows = await deps.db.selectFrom('outbox').select(['dedupe_key', 'dest_id', 'payload']).where('dedupe_key', 'like', `${keyPrefix}%`).orderBy('id').execute()
  return rows.map((r) => {
    const m = JSON.parse(r.payload) as { type: string; content?: string; card?: Sent['card'] }
    return { key: r.dedupe_key, to: r.dest_id, text: m.content ?? '', card: m.card }
  })
}
