// Read-only quiz queries for the weekly jobs (leaderboards, digests): who took part in a group's
// quizzes in an ISO week ('2026-W48'), and how accurate they were. Personal quizzes count for the
// member's group (the group, or the group they belong to when played privately); competitions
// for the group they ran in.
import type { DbOrTrx } from '../deps.js'

export async function quizzedUserids(db: DbOrTrx, chatId: string, week: string): Promise<Set<string>> {
  const personal = await db.selectFrom('quiz_answers').select('userid').distinct().where('group_id', '=', chatId).where('week', '=', week).execute()
  const contest = await db
    .selectFrom('competition_answers')
    .innerJoin('competitions', 'competitions.id', 'competition_answers.competition_id')
    .select('competition_answers.userid')
    .distinct()
    .where('competitions.chat_id', '=', chatId)
    .where('competition_answers.week', '=', week)
    .execute()
  return new Set([...personal, ...contest].map((r) => r.userid))
}

export async function quizAccuracy(db: DbOrTrx, chatId: string, week: string): Promise<{ answered: number; correct: number }> {
  const a = await db
    .selectFrom('quiz_answers')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('correct').as('c')])
    .where('group_id', '=', chatId)
    .where('week', '=', week)
    .executeTakeFirst()
  const b = await db
    .selectFrom('competition_answers')
    .innerJoin('competitions', 'competitions.id', 'competition_answers.competition_id')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('competition_answers.correct').as('c')])
    .where('competitions.chat_id', '=', chatId)
    .where('competition_answers.week', '=', week)
    .executeTakeFirst()
  return { answered: Number(a?.n ?? 0) + Number(b?.n ?? 0), correct: Number(a?.c ?? 0) + Number(b?.c ?? 0) }
}
