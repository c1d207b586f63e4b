// What a finished (or running) competition must hold, recomputed from the rules in
// src/quiz/scoring.ts: one answer per member per question; a correct answer scores
// speedPoints(ms, seconds), the first correct one of a question (fastest, then earliest row) also
// the bonus; a wrong one nothing. Returns each member's total for the ledger checks.
import { expect } from 'vitest'
import type { DbOrTrx } from '../../src/deps.js'
import { speedPoints } from '../../src/quiz/scoring.js'

export interface ExpectedAnswer {
  position: number
  userid: string
  correct: boolean
}

export async function checkCompetitionScores(db: DbOrTrx, competitionId: number, expected: ExpectedAnswer[]): Promise<Map<string, number>> {
  const c = await db.selectFrom('competitions').select(['seconds', 'first_bonus']).where('id', '=', competitionId).executeTakeFirstOrThrow()
  const rows = await db.selectFrom('competition_answers').selectAll().where('competition_id', '=', competitionId).orderBy('position').orderBy('ms').orderBy('id').execute()
  const key = (a: { position: number; userid: string }) => `${a.position}:${a.userid}`
  expect(rows.map((r) => ({ position: Number(r.position), userid: r.userid, correct: Number(r.correct) === 1 })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
    [...expected].sort((a, b) => key(a).localeCompare(key(b))),
  )
  const totals = new Map<string, number>()
  const firstDone = new Set<number>()
  const starts = new Map<number, number>()
  for (const r of rows) {
    const position = Number(r.position)
    const isFirst = Number(r.correct) === 1 && Number(c.first_bonus) > 0 && !firstDone.has(position)
    if (isFirst) firstDone.add(position)
    const points = Number(r.correct) === 1 ? speedPoints(Number(r.ms), Number(c.seconds)) + (isFirst ? Number(c.first_bonus) : 0) : 0
    expect({ position, userid: r.userid, points: Number(r.points), first: Number(r.first) }).toEqual({ position, userid: r.userid, points, first: isFirst ? 1 : 0 })
    // ms is measured from the question's start: every answer to one question implies the same start
    const start = Date.parse(r.answered_at) - Number(r.ms)
    expect([position, start]).toEqual([position, starts.get(position) ?? start])
    starts.set(position, start)
    totals.set(r.userid, (totals.get(r.userid) ?? 0) + points)
  }
  return totals
}
