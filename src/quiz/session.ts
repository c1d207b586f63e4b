// Personal quizzes (/答题, /错题): a session row holds the questions, the current position and its
// deadline; every answer (card or typed) is checked against the current question, recorded once,
// fed to the statistics and the wrong-answer book, and answered with feedback and the next question.
import type { DbOrTrx } from '../deps.js'
import { UserError } from '../errors.js'
import { t } from '../i18n/index.js'
import { dayKey, weekKey } from '../time.js'
import { pickQuestions, questionById, tagCounts, type Question } from './bank.js'
import { awardSession } from './session-points.js'
import { duration, feedback, howToAnswer, optionLines, questionCard, questionMessages, typeName } from './render.js'
import { recordAnswerStats } from './stats.js'
import { isCorrect } from './text.js'
import { noteAnswer, wrongQuestionIds } from './wrong-book.js'
import type { OutMessage } from '../wecom/types.js'

export interface QuizEnv {
  db: DbOrTrx
  now: Date
  tz: string
  botName: string
}

export type SessionRow = { id: number; userid: string; chat_id: string; group_id: string | null; kind: 'quiz' | 'wrong'; question_ids: string; current: number; correct: number; status: string; question_started_at: string; deadline_at: string; started_at: string }

export const quizTaskId = (sessionId: number, n: number, startedAt: string) => `quiz_${sessionId}_${n}_${Math.floor(Date.parse(startedAt) / 1000)}`
export const quizKey = (sessionId: number, n: number) => `quiz:${sessionId}:${n}`

/** The group a member's points belong to: this group, or the group they were last seen joining. */
export async function homeGroup(db: DbOrTrx, userid: string, chat: { id: string; type: 'group' | 'single' }): Promise<string | null> {
  if (chat.type === 'group') return chat.id
  const row = await db.selectFrom('memberships').select('chat_id').where('userid', '=', userid).where('left_at', 'is', null).orderBy('joined_at', 'desc').orderBy('chat_id').executeTakeFirst()
  return row?.chat_id ?? null
}

export async function openSession(db: DbOrTrx, userid: string, chatId: string): Promise<SessionRow | undefined> {
  return db.selectFrom('quiz_sessions').selectAll().where('userid', '=', userid).where('chat_id', '=', chatId).where('status', '=', 'open').orderBy('id', 'desc').executeTakeFirst()
}

export async function startSession(
  env: QuizEnv,
  opts: { userid: string; chat: { id: string; type: 'group' | 'single' }; kind: 'quiz' | 'wrong'; count: number; tag?: string },
): Promise<OutMessage[]> {
  const { db, now } = env
  let ids: number[]
  let intro: string
  if (opts.kind === 'wrong') {
    const book = await wrongQuestionIds(db, opts.userid)
    if (book.length === 0) return [{ type: 'markdown', content: t('quiz.wrongBookEmpty') }]
    ids = book.slice(0, opts.count)
    intro = t('quiz.startWrong', { book: book.length, count: ids.length })
  } else {
    ids = await pickQuestions(db, { count: opts.count, tag: opts.tag })
    if (ids.length === 0) {
      const tags = await tagCounts(db)
      if (opts.tag && tags.length) throw new UserError('quiz.noTag', { tag: opts.tag, tags: tags.map((x) => x.tag).join('、') })
      throw new UserError('quiz.noBank', { tag: opts.tag ? t('quiz.tagSuffix', { tag: opts.tag }) : '' })
    }
    intro = t('quiz.start', { count: ids.length, tag: opts.tag ? t('quiz.tagSuffix', { tag: opts.tag }) : '' })
  }
  await db.updateTable('quiz_sessions').set({ status: 'abandoned', finished_at: now.toISOString() }).where('userid', '=', opts.userid).where('chat_id', '=', opts.chat.id).where('status', '=', 'open').execute()
  const first = (await questionById(db, ids[0]!))!
  const row = await db
    .insertInto('quiz_sessions')
    .values({
      userid: opts.userid,
      chat_id: opts.chat.id,
      group_id: await homeGroup(db, opts.userid, opts.chat),
      kind: opts.kind,
      question_ids: JSON.stringify(ids),
      current: 0,
      correct: 0,
      status: 'open',
      question_started_at: now.toISOString(),
      deadline_at: new Date(now.getTime() + first.timeLimit * 1000).toISOString(),
      started_at: now.toISOString(),
      finished_at: null,
      points: 0,
    })
    .returning(['id', 'started_at'])
    .executeTakeFirstOrThrow()
  return [{ type: 'markdown', content: intro }, ...renderQuestion(env, { id: row.id, started_at: row.started_at, chat: opts.chat }, first, 0, ids.length)]
}

export function renderQuestion(env: QuizEnv, s: { id: number; started_at: string; chat: { type: string } }, q: Question, n: number, total: number): OutMessage[] {
  const how = howToAnswer(q) + (s.chat.type === 'group' ? t('quiz.how.groupSuffix', { bot: env.botName }) : '')
  const text = t('quiz.question', { n: n + 1, total, type: typeName(q), seconds: q.timeLimit, stem: q.stem, options: optionLines(q), how })
  const card = questionCard(q, { title: t('quiz.card.title', { n: n + 1, total, type: typeName(q) }), taskId: quizTaskId(s.id, n, s.started_at), key: quizKey(s.id, n) })
  return questionMessages(text, card)
}

export interface AnswerOutcome {
  messages: OutMessage[]
  question: Question
  given: string
  correct: boolean
}

/**
 * Answers the current question of an open session. `given` is already read for the question type
 * (letters, 'A'/'B' for judge, or the typed text). Returns undefined when question n is no longer current.
 */
export async function answerSession(env: QuizEnv, s: SessionRow, n: number, given: string): Promise<AnswerOutcome | undefined> {
  const { db, now } = env
  if (n !== s.current) return undefined
  const ids = JSON.parse(s.question_ids) as number[]
  const q = (await questionById(db, ids[n]!))!
  const timedOut = now.getTime() > Date.parse(s.deadline_at)
  const correct = !timedOut && isCorrect(q.type, q.answer, given)
  const ms = Math.min(now.getTime() - Date.parse(s.question_started_at), q.timeLimit * 1000)
  const inserted = await db
    .insertInto('quiz_answers')
    .values({ session_id: s.id, position: n, question_id: q.id, userid: s.userid, group_id: s.group_id, answer: timedOut ? '' : given, correct: correct ? 1 : 0, ms, answered_at: now.toISOString(), week: weekKey(now, env.tz) })
    .onConflict((oc) => oc.columns(['session_id', 'position']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return undefined
  await recordAnswerStats(db, q.id, correct, ms)
  await noteAnswer(db, s.userid, q.id, correct, dayKey(now, env.tz), now)
  const messages: OutMessage[] = [{ type: 'markdown', content: feedback(q, { correct, given, timedOut }) }]
  const next = n + 1
  const correctSoFar = s.correct + (correct ? 1 : 0)
  if (next < ids.length) {
    const nq = (await questionById(db, ids[next]!))!
    await db
      .updateTable('quiz_sessions')
      .set({ current: next, correct: correctSoFar, question_started_at: now.toISOString(), deadline_at: new Date(now.getTime() + nq.timeLimit * 1000).toISOString() })
      .where('id', '=', s.id)
      .execute()
    messages.push(...renderQuestion(env, { id: s.id, started_at: s.started_at, chat: { type: s.chat_id === s.userid ? 'single' : 'group' } }, nq, next, ids.length))
  } else {
    const award = await awardSession(env, s, correctSoFar, ids.length)
    await db.updateTable('quiz_sessions').set({ current: next, correct: correctSoFar, status: 'done', finished_at: now.toISOString(), points: award.points }).where('id', '=', s.id).execute()
    const time = duration(now.getTime() - Date.parse(s.started_at))
    const lines = [t('quiz.finished', { correct: correctSoFar, total: ids.length, time, points: award.text })]
    if (correctSoFar < ids.length) lines.push(t('quiz.wrongBookNote'))
    messages[0] = { type: 'markdown', content: `${(messages[0] as { content: string }).content}\n\n${lines.join('\n')}` }
  }
  return { messages, question: q, given, correct }
}
