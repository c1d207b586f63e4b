// Quiz settings kept in the settings table (admins change them by command): the daily points cap.
import type { DbOrTrx } from '../deps.js'

const CAP_KEY = 'quiz.dailyCap'
/** 学习强国-style: personal quizzes earn at most this many points per member per day. */
export const DEFAULT_DAILY_CAP = 5
export const POINTS_PER_CORRECT = 1
export const PERFECT_BONUS = 2
export const PERFECT_MIN_QUESTIONS = 5

export async function dailyCap(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CAP_KEY).executeTakeFirst()
  const n = row ? Number(row.value) : NaN
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_DAILY_CAP
}

export async function setDailyCap(db: DbOrTrx, cap: number, now: Date): Promise<void> {
  const value = String(cap)
  const at = now.toISOString()
  await db
    .insertInto('settings')
    .values({ key: CAP_KEY, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute()
}
