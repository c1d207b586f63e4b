// Live competitions in a group: starting one (countdown announcement), taking answers (card or
// "@学习助手 A"; one per member per question, the first counts; refused after the deadline),
// stopping early and the last results. The state lives in the competitions table.
import { UserError } from '../errors.js'
import { t } from '../i18n/index.js'
import { weekKey, dayKey } from '../time.js'
import { pickQuestions, questionById, type Question } from './bank.js'
import { closeCurrent } from './tick.js'
import { questionIdsOf, type CompetitionRow, type FlowEnv } from './competition-flow.js'
import { BASE_POINTS, COUNTDOWN_SECONDS, speedPoints } from './scoring.js'
import { recordAnswerStats } from './stats.js'
import { isCorrect, readAnswer } from './text.js'
import { noteAnswer } from './wrong-book.js'

export type CompEnv = FlowEnv

export async function activeCompetition(env: Pick<CompEnv, 'db'>, chatId: string): Promise<CompetitionRow | undefined> {
  return env.db.selectFrom('competitions').selectAll().where('chat_id', '=', chatId).where('status', 'in', ['countdown', 'question']).orderBy('id', 'desc').executeTakeFirst()
}

export async function startCompetition(
  env: CompEnv,
  opts: { chatId: string; by: string; count: number; seconds: number; tag?: string; bonus: number },
): Promise<string> {
  if (await activeCompetition(env, opts.chatId)) throw new UserError('comp.alreadyRunning')
  const ids = await pickQuestions(env.db, { count: opts.count, tag: opts.tag, types: ['single', 'multi', 'judge'] })
  const tag = opts.tag ? t('quiz.tagSuffix', { tag: opts.tag }) : ''
  if (ids.length < opts.count) throw new UserError('comp.notEnough', { need: opts.count, have: ids.length, tag })
  const at = env.now.toISOString()
  // The check above is the usual answer; the partial unique index (one live competition per group)
  // settles two starts at the same moment: the second insert fails and gets the same reply.
  await env.db
    .insertInto('competitions')
    .values({
      chat_id: opts.chatId,
      status: 'countdown',
      question_ids: JSON.stringify(ids),
      seconds: opts.seconds,
      tag: opts.tag ?? null,
      first_bonus: opts.bonus,
      current: -1,
      question_started_at: null,
      deadline_at: new Date(env.now.getTime() + COUNTDOWN_SECONDS * 1000).toISOString(),
      started_by: opts.by,
      created_at: at,
      finished_at: null,
      touched_at: null,
      last_results: null,
    })
    .execute()
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? new UserError('comp.alreadyRunning') : err
    })
  const bonus = opts.bonus > 0 ? t('comp.bonus', { bonus: opts.bonus }) : ''
  return t('comp.announce', { countdown: COUNTDOWN_SECONDS, count: ids.length, seconds: opts.seconds, tag, bot: env.botName, base: BASE_POINTS, bonus })
}

/** A unique index refused the row (SQLite SQLITE_CONSTRAINT_UNIQUE, PostgreSQL 23505). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

export interface CompAnswer {
  chatId: string
  userid: string
  name: string
  /** typed text, or the letters chosen on the card */
  input: string
  /** from a card: the competition and question the card belongs to */
  card?: { competitionId: number; n: number }
}

export type CompAnswerResult =
  | { kind: 'accepted'; n: number; question: Question; given: string; competition: CompetitionRow }
  | { kind: 'already' | 'late'; n: number }
  | { kind: 'notStarted' }

/** Records an answer. Undefined when typed text is not an answer to a running competition here. */
export async function answerCompetition(env: CompEnv, a: CompAnswer): Promise<CompAnswerResult | undefined> {
  const { db, now } = env
  const c = a.card
    ? ((await db.selectFrom('competitions').selectAll().where('id', '=', a.card.competitionId).where('chat_id', '=', a.chatId).executeTakeFirst()) as CompetitionRow | undefined)
    : await activeCompetition(env, a.chatId)
  if (!c) return a.card ? { kind: 'late', n: a.card.n } : undefined
  if (c.status === 'countdown') return readAnswer('single', a.input) || readAnswer('judge', a.input) ? { kind: 'notStarted' } : undefined
  const n = a.card?.n ?? c.current
  const q = await questionById(db, questionIdsOf(c)[n] ?? -1)
  const given = q && readAnswer(q.type, a.input)
  if (!a.card && !given) return undefined
  if (!q) return { kind: 'late', n }
  if (c.status !== 'question' || c.current !== n || now.toISOString() > c.deadline_at) return { kind: 'late', n }
  if (!given) return undefined
  // Writing the competition row first serializes this answer with the closing of the question.
  const open = await db
    .updateTable('competitions')
    .set({ touched_at: now.toISOString() })
    .where('id', '=', c.id)
    .where('status', '=', 'question')
    .where('current', '=', n)
    .where('deadline_at', '>=', now.toISOString())
    .executeTakeFirst()
  if (Number(open.numUpdatedRows) === 0) return { kind: 'late', n }
  const correct = isCorrect(q.type, q.answer, given)
  const ms = Math.max(0, now.getTime() - Date.parse(c.question_started_at!))
  const inserted = await db
    .insertInto('competition_answers')
    .values({ competition_id: c.id, position: n, question_id: q.id, userid: a.userid, answer: given, correct: correct ? 1 : 0, ms, points: correct ? speedPoints(ms, c.seconds) : 0, answered_at: now.toISOString(), week: weekKey(now, env.tz) })
    .onConflict((oc) => oc.columns(['competition_id', 'position', 'userid']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { kind: 'already', n }
  await recordAnswerStats(db, q.id, correct, ms)
  await noteAnswer(db, a.userid, q.id, correct, dayKey(now, env.tz), now)
  return { kind: 'accepted', n, question: q, given, competition: c }
}

/** Stops the group's running competition: the current question's results and the podium. */
export async function stopCompetition(env: CompEnv, chatId: string): Promise<boolean> {
  const c = await activeCompetition(env, chatId)
  if (!c) return false
  if (c.status === 'countdown') {
    await env.db.updateTable('competitions').set({ status: 'stopped', finished_at: env.now.toISOString() }).where('id', '=', c.id).where('status', '=', 'countdown').execute()
    return true
  }
  return closeCurrent(env, c, true)
}

export async function lastResults(env: Pick<CompEnv, 'db'>, chatId: string): Promise<string | undefined> {
  const row = await env.db.selectFrom('competitions').select('last_results').where('chat_id', '=', chatId).where('last_results', 'is not', null).orderBy('id', 'desc').executeTakeFirst()
  return row?.last_results ?? undefined
}
