// Competition answers arriving in the group as "@学习助手 A" or as a card click: tick first (so an
// expired question is closed before the answer is judged), then record and reply.
import type { CommandContext, CommandResult } from '../bot/command.js'
import type { CardEvent } from '../bot/incoming.js'
import { t } from '../i18n/index.js'
import { questionById } from './bank.js'
import { activeCompetition, answerCompetition, type CompAnswerResult, type CompEnv } from './competition.js'
import { compKey, compTaskId, questionIdsOf, type CompetitionRow } from './competition-flow.js'
import { answeredCard, answerText, questionCard, typeName } from './render.js'
import { readAnswer } from './text.js'
import { tickCompetitions } from './tick.js'

export const compEnvOf = (ctx: CommandContext): CompEnv => ({ db: ctx.db, outbox: ctx.outbox, now: ctx.now, tz: ctx.config.timezone, botName: ctx.config.botName })

async function tick(ctx: CommandContext): Promise<void> {
  await tickCompetitions({ db: ctx.db, outbox: ctx.outbox, config: ctx.config }, ctx.now, { chatId: ctx.chat.id })
}

function refusal(ctx: CommandContext, r: Exclude<CompAnswerResult, { kind: 'accepted' }>): string {
  if (r.kind === 'notStarted') return t('comp.notStarted')
  return t(r.kind === 'late' ? 'comp.late' : 'comp.already', { name: ctx.sender.name, n: r.n + 1 })
}

export async function competitionText(ctx: CommandContext, text: string): Promise<CommandResult | undefined> {
  if (ctx.chat.type !== 'group') return undefined
  // Typed text names no question: an answer after the deadline meant the question that just closed.
  const before = await activeCompetition(ctx, ctx.chat.id)
  await tick(ctx)
  if (before?.status === 'question' && ctx.now.toISOString() > before.deadline_at) {
    const q = await questionById(ctx.db, questionIdsOf(before)[before.current] ?? -1)
    return q && readAnswer(q.type, text) ? refusal(ctx, { kind: 'late', n: before.current }) : undefined
  }
  const r = await answerCompetition(compEnvOf(ctx), { chatId: ctx.chat.id, userid: ctx.sender.userid, name: ctx.sender.name, input: text })
  if (!r) return await lateAfterClose(ctx, text)
  if (r.kind !== 'accepted') return refusal(ctx, r)
  return t('comp.received', { name: ctx.sender.name, n: r.n + 1 })
}

/** How long after a question closed a typed answer that fits it (and not what followed) is taken as meant for it. */
const LATE_GRACE_MS = 10_000

/**
 * An answer that arrives just after a question closed — by another instance's ticker, or a moment
 * before the message got here — is a late answer to that question, not an unknown command.
 */
async function lateAfterClose(ctx: CommandContext, text: string): Promise<CommandResult | undefined> {
  const c = (await ctx.db.selectFrom('competitions').selectAll().where('chat_id', '=', ctx.chat.id).orderBy('id', 'desc').executeTakeFirst()) as
    | (CompetitionRow & { finished_at: string | null })
    | undefined
  if (!c) return undefined
  const closed =
    c.status === 'question' && c.current > 0
      ? { n: c.current - 1, at: c.question_started_at }
      : c.status === 'finished' || c.status === 'stopped'
        ? { n: c.current, at: c.finished_at }
        : undefined
  if (!closed?.at || ctx.now.getTime() - Date.parse(closed.at) > LATE_GRACE_MS) return undefined
  const q = await questionById(ctx.db, questionIdsOf(c)[closed.n] ?? -1)
  return q && readAnswer(q.type, text) ? refusal(ctx, { kind: 'late', n: closed.n }) : undefined
}

const CARD_KEY = /^comp:(\d+):(\d+)$/

export async function competitionCard(ctx: CommandContext, ev: CardEvent): Promise<CommandResult> {
  const m = CARD_KEY.exec(ev.key)
  if (!m || ctx.chat.type !== 'group') return t('quiz.cardStale')
  await tick(ctx)
  const card = { competitionId: Number(m[1]), n: Number(m[2]) }
  const input = [...new Set(ev.selected.flatMap((x) => x.optionIds))].map((x) => x.toUpperCase()).sort().join('')
  const r = await answerCompetition(compEnvOf(ctx), { chatId: ctx.chat.id, userid: ctx.sender.userid, name: ctx.sender.name, input, card })
  if (!r) return t('quiz.how.choice')
  if (r.kind !== 'accepted') return refusal(ctx, r)
  const { question: q, competition: c, n } = r
  const shown = questionCard(q, { title: t('quiz.card.title', { n: n + 1, total: questionIdsOf(c).length, type: typeName(q) }), taskId: compTaskId(c, n), key: compKey(c.id, n) })
  if (!shown) return t('comp.received', { name: ctx.sender.name, n: n + 1 })
  return { type: 'card_update', card: answeredCard(shown, r.given, t('quiz.cardAnswered', { given: answerText(q, r.given) })), userids: [ctx.sender.userid] }
}
