// tickCompetitions: the time-driven part of live competitions. It starts questions when a countdown
// ends and closes questions whose stored deadline passed (results, then the next question or the
// podium). Each step is claimed with a conditional update, so several instances (or a tick racing
// an answer) do it once; everything it says goes through the outbox. Called by the ticker and
// whenever an answer arrives.
import type { Deps, DbOrTrx } from '../deps.js'
import { postFinal, postQuestion, postResults, questionIdsOf, type CompetitionRow, type FlowEnv } from './competition-flow.js'

export type TickDeps = Pick<Deps, 'db' | 'outbox' | 'config'>

const addSeconds = (at: Date, s: number) => new Date(at.getTime() + s * 1000).toISOString()

/** Advances every due competition (or only one group's). Returns the number of steps taken. */
export async function tickCompetitions(deps: TickDeps, now: Date, opts: { chatId?: string } = {}): Promise<number> {
  let q = deps.db.selectFrom('competitions').select('id').where('status', 'in', ['countdown', 'question']).where('deadline_at', '<=', now.toISOString())
  if (opts.chatId) q = q.where('chat_id', '=', opts.chatId)
  const due = await q.orderBy('id').execute()
  let steps = 0
  for (const { id } of due) {
    const step = (db: DbOrTrx) => stepCompetition({ db, outbox: deps.outbox, now, tz: deps.config.timezone, botName: deps.config.botName }, id)
    steps += deps.db.isTransaction ? await step(deps.db) : await deps.db.transaction().execute(step)
  }
  return steps
}

async function stepCompetition(env: FlowEnv, id: number): Promise<number> {
  const { db, now } = env
  const c = (await db.selectFrom('competitions').selectAll().where('id', '=', id).executeTakeFirst()) as CompetitionRow | undefined
  if (!c) return 0
  const at = now.toISOString()
  if (c.status === 'countdown' && c.deadline_at <= at) {
    const claimed = await db
      .updateTable('competitions')
      .set({ status: 'question', current: 0, question_started_at: at, deadline_at: addSeconds(now, c.seconds) })
      .where('id', '=', id)
      .where('status', '=', 'countdown')
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) === 0) return 0
    await postQuestion(env, c, 0)
    return 1
  }
  if (c.status !== 'question' || c.deadline_at >= at) return 0
  return (await closeCurrent(env, c, false)) ? 1 : 0
}

/**
 * Closes the current question of a running competition: results, then the next question, or the
 * podium when it was the last one (or when `stop` is set). False when another caller got there first.
 */
export async function closeCurrent(env: FlowEnv, c: CompetitionRow, stop: boolean): Promise<boolean> {
  const { db, now } = env
  const at = now.toISOString()
  const n = c.current
  const total = questionIdsOf(c).length
  const last = stop || n + 1 >= total
  const claim = db.updateTable('competitions').where('id', '=', c.id).where('status', '=', 'question').where('current', '=', n)
  const claimed = last
    ? await claim.set({ status: stop ? 'stopped' : 'finished', finished_at: at }).executeTakeFirst()
    : await claim.set({ current: n + 1, question_started_at: at, deadline_at: addSeconds(now, c.seconds) }).executeTakeFirst()
  if (Number(claimed.numUpdatedRows) === 0) return false
  await postResults(env, c, n)
  if (last) await postFinal(env, c, n, stop)
  else await postQuestion(env, c, n + 1)
  return true
}
