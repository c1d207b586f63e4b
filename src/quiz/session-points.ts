// Points for a finished personal quiz: 1 per correct answer plus a bonus for a perfect run, within
// the daily cap (学习强国-style) counted over every 'quiz.' rule of the member's group that day.
import { t } from '../i18n/index.js'
import { award, pointsToday } from '../points/ledger.js'
import { dayKey } from '../time.js'
import type { QuizEnv, SessionRow } from './session.js'
import { dailyCap, PERFECT_BONUS, PERFECT_MIN_QUESTIONS, POINTS_PER_CORRECT } from './settings.js'

export async function awardSession(env: QuizEnv, s: SessionRow, correct: number, total: number): Promise<{ points: number; text: string }> {
  if (!s.group_id) return { points: 0, text: t('quiz.pointsNoGroup') }
  const cap = await dailyCap(env.db)
  const used = await pointsToday(env.db, s.group_id, s.userid, dayKey(env.now, env.tz), 'quiz.')
  let left = Math.max(0, cap - used)
  const earned = correct * POINTS_PER_CORRECT
  const bonus = total >= PERFECT_MIN_QUESTIONS && correct === total ? PERFECT_BONUS : 0
  let points = 0
  for (const [rule, want] of [['quiz.answer', earned], ['quiz.perfect', bonus]] as const) {
    const give = Math.min(want, left)
    if (give <= 0) continue
    points += await award(env.db, { key: `quiz:${s.id}:${rule}`, userid: s.userid, chatId: s.group_id, rule, points: give, at: env.now, tz: env.tz, detail: { session: s.id, correct, total } })
    left -= give
  }
  if (earned + bonus === 0) return { points, text: '' }
  if (points === 0) return { points, text: t('quiz.pointsNone', { cap }) }
  return { points, text: points < earned + bonus ? t('quiz.pointsCapped', { points, cap }) : t('quiz.points', { points }) }
}
