// The steps of a live competition, each writing its group messages to the outbox with a dedupe
// key (comp:<id>:q:<n>:post …), so a step repeated by a second instance or after a crash is one
// message. Callers claim a step first with a conditional update; these functions then write.
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { award } from '../points/ledger.js'
import { toGroup, toUser, type Outbox } from '../outbox/outbox.js'
import { questionById } from './bank.js'
import { answerText, optionLines, questionCard, typeName } from './render.js'
import { ledgerPoints } from './scoring.js'
import { podium, standings, topFive } from './standings.js'

export interface FlowEnv {
  db: DbOrTrx
  outbox: Outbox
  now: Date
  tz: string
  botName: string
}

export type CompetitionRow = {
  id: number
  chat_id: string
  status: string
  question_ids: string
  seconds: number
  first_bonus: number
  current: number
  question_started_at: string | null
  deadline_at: string
  created_at: string
}

export const compKey = (id: number, n: number) => `comp:${id}:${n}`
export const compTaskId = (c: Pick<CompetitionRow, 'id' | 'created_at'>, n: number) => `comp_${c.id}_${n}_${Math.floor(Date.parse(c.created_at) / 1000)}`
export const questionIdsOf = (c: Pick<CompetitionRow, 'question_ids'>): number[] => JSON.parse(c.question_ids) as number[]

export async function postQuestion(env: FlowEnv, c: CompetitionRow, n: number): Promise<void> {
  const ids = questionIdsOf(c)
  const q = (await questionById(env.db, ids[n]!))!
  const common = { n: n + 1, total: ids.length, type: typeName(q) }
  const text = t('comp.question', { ...common, seconds: c.seconds, stem: q.stem, options: optionLines(q), bot: env.botName })
  const to = toGroup(c.chat_id)
  await env.outbox.enqueue(env.db, { to, key: `comp:${c.id}:q:${n}:post`, message: { type: 'markdown', content: text } })
  const card = questionCard(q, { title: t('quiz.card.title', common), taskId: compTaskId(c, n), key: compKey(c.id, n) })
  if (card) await env.outbox.enqueue(env.db, { to, key: `comp:${c.id}:q:${n}:card`, message: { type: 'card', card, fallback: '' } }) // the question went as text just before
}

/** Closes question n: the first-correct bonus, the answer and explanation, counts and the top five. */
export async function postResults(env: FlowEnv, c: CompetitionRow, n: number): Promise<string> {
  const { db } = env
  const ids = questionIdsOf(c)
  const q = (await questionById(db, ids[n]!))!
  const answers = await db.selectFrom('competition_answers').selectAll().where('competition_id', '=', c.id).where('position', '=', n).orderBy('ms').orderBy('id').execute()
  const first = answers.find((a) => a.correct === 1)
  if (first && c.first_bonus > 0 && first.first === 0) {
    await db.updateTable('competition_answers').set({ points: first.points + c.first_bonus, first: 1 }).where('id', '=', first.id).execute()
  }
  const before = await standings(db, c.id, n - 1)
  const after = await standings(db, c.id, n)
  const firstName = first ? after.find((s) => s.userid === first.userid)?.name ?? first.userid : undefined
  const text = t('comp.result', {
    n: n + 1,
    total: ids.length,
    answer: answerText(q),
    explanation: q.explanation || '—',
    answered: answers.length,
    right: answers.filter((a) => a.correct === 1).length,
    first: firstName ? '\n' + t('comp.first', { name: firstName }) : '',
    top: topFive(before, after),
  })
  await env.outbox.enqueue(db, { to: toGroup(c.chat_id), key: `comp:${c.id}:q:${n}:result`, message: { type: 'markdown', content: text } })
  await db.updateTable('competitions').set({ last_results: text }).where('id', '=', c.id).execute()
  return text
}

/** The podium in the group, ledger points, and each member's own result privately. */
export async function postFinal(env: FlowEnv, c: CompetitionRow, lastClosed: number, stopped: boolean): Promise<void> {
  const { db } = env
  const all = await standings(db, c.id, lastClosed)
  const count = lastClosed + 1
  const text = t('comp.podium', { stopped: stopped ? t('comp.podiumStopped') : '', podium: podium(all), players: all.length, count })
  await env.outbox.enqueue(db, { to: toGroup(c.chat_id), key: `comp:${c.id}:podium`, message: { type: 'markdown', content: text } })
  for (const s of all) {
    const points = ledgerPoints(s.points)
    const given = points > 0 ? await award(db, { key: `contest:${c.id}:${s.userid}`, userid: s.userid, chatId: c.chat_id, rule: 'contest.result', points, at: env.now, tz: env.tz, detail: { competition: c.id, score: s.points } }) : 0
    const mine = t('comp.mine', { rank: s.rank, players: all.length, points: s.points, right: s.right, count, ledger: given })
    await env.outbox.enqueue(db, { to: toUser(s.userid), key: `comp:${c.id}:me:${s.userid}`, message: { type: 'markdown', content: mine } })
  }
  const previous = await db.selectFrom('competitions').select('last_results').where('id', '=', c.id).executeTakeFirst()
  await db.updateTable('competitions').set({ last_results: [previous?.last_results, text].filter(Boolean).join('\n\n') }).where('id', '=', c.id).execute()
}
