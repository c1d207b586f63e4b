// Answers to a personal quiz arriving as typed text or as a card click: finds the member's open
// session, reads the answer for the question type, and returns the replies (undefined = not ours).
import type { CommandContext, CommandResult, Reply } from '../bot/command.js'
import type { CardEvent } from '../bot/incoming.js'
import { t } from '../i18n/index.js'
import { questionById } from './bank.js'
import { answeredCard, answerText, questionCard, typeName } from './render.js'
import { answerSession, openSession, quizKey, quizTaskId, type QuizEnv } from './session.js'
import { readAnswer } from './text.js'

/** A session left alone this long after its deadline no longer claims typed text. */
const STALE_MS = 30 * 60 * 1000

export const envOf = (ctx: CommandContext): QuizEnv => ({ db: ctx.db, now: ctx.now, tz: ctx.config.timezone, botName: ctx.config.botName })

export async function quizText(ctx: CommandContext, text: string): Promise<CommandResult | undefined> {
  const s = await openSession(ctx.db, ctx.sender.userid, ctx.chat.id)
  if (!s) return undefined
  if (ctx.now.getTime() - Date.parse(s.deadline_at) > STALE_MS) {
    await ctx.db.updateTable('quiz_sessions').set({ status: 'abandoned', finished_at: ctx.now.toISOString() }).where('id', '=', s.id).execute()
    return undefined
  }
  const ids = JSON.parse(s.question_ids) as number[]
  const q = (await questionById(ctx.db, ids[s.current]!))!
  const given = readAnswer(q.type, text)
  if (given === undefined) return text.length <= 12 ? t(q.type === 'judge' ? 'quiz.how.judge' : 'quiz.how.choice') : undefined
  const out = await answerSession(envOf(ctx), s, s.current, given)
  return out ? out.messages : t('quiz.notCurrent')
}

const CARD_KEY = /^quiz:(\d+):(\d+)$/

export async function quizCard(ctx: CommandContext, ev: CardEvent): Promise<CommandResult> {
  const m = CARD_KEY.exec(ev.key)
  if (!m) return t('quiz.cardStale')
  const [sessionId, n] = [Number(m[1]), Number(m[2])]
  const s = await ctx.db.selectFrom('quiz_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst()
  if (!s || s.userid !== ctx.sender.userid) return t('quiz.cardStale')
  if (s.status !== 'open' || s.current !== n) return t('quiz.notCurrent')
  const ids = JSON.parse(s.question_ids) as number[]
  const q = (await questionById(ctx.db, ids[n]!))!
  const given = [...new Set(ev.selected.flatMap((x) => x.optionIds))].map((x) => x.toUpperCase()).sort().join('')
  if (!given) return t(q.type === 'judge' ? 'quiz.how.judge' : 'quiz.how.choice')
  const out = await answerSession(envOf(ctx), s, n, given)
  if (!out) return t('quiz.notCurrent')
  const card = questionCard(q, { title: t('quiz.card.title', { n: n + 1, total: ids.length, type: typeName(q) }), taskId: quizTaskId(s.id, n, s.started_at), key: quizKey(s.id, n) })
  const replies: Reply[] = []
  if (card) replies.push({ type: 'card_update', card: answeredCard(card, given, t('quiz.cardAnswered', { given: answerText(q, given) })), userids: [ctx.sender.userid] })
  return [...replies, ...out.messages]
}
