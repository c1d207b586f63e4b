// A group's week: who signed in, wrote the note, took a quiz; who is excused (leave); who is behind.
// What is required follows the week's assignment: sign-in always; the note when the assignment
// asks for one (note minimum > 0); the quiz when it names quiz tags.
import type { DbOrTrx } from '../deps.js'
import { rosterOf } from '../groups/groups.js'
import { assignmentForWeek, quizTagsOf, type Assignment } from '../plans/assignments.js'
import { daysOfWeek } from '../plans/weeks.js'
import { atLocal } from '../time.js'
import { checkedInUserids, excusedUserids, notedUserids, quizzedUserids } from './sources.js'

export type Item = 'signin' | 'note' | 'quiz'

export interface WeekProgress {
  chatId: string
  week: string
  roster: string[]
  /** members with approved leave in the week (not counted as behind) */
  excused: Set<string>
  signedIn: Set<string>
  noted: Set<string>
  quizzed: Set<string>
  requires: Item[]
  behind: { userid: string; missing: Item[] }[]
  /** members expected this week (roster minus excused) */
  expected: number
}

export async function weekProgress(db: DbOrTrx, chatId: string, week: string, tz: string, throughDay?: string): Promise<WeekProgress> {
  const days = daysOfWeek(week, tz)
  // Someone who joined later was not behind in that week (escalation counts weeks in a row).
  const roster = await rosterOf(db, chatId, atLocal(days[6]!, '23:59:59.999', tz).toISOString())
  const excused = await excusedUserids(db, chatId, days[0]!, throughDay ?? days[6]!)
  const [signedIn, noted, quizzed] = await Promise.all([checkedInUserids(db, chatId, week), notedUserids(db, chatId, week), quizzedUserids(db, chatId, week)])
  const assignment = await assignmentForWeek(db, chatId, week)
  return progressOf({ chatId, week, roster, excused, signedIn, noted, quizzed }, assignment)
}

type Facts = Pick<WeekProgress, 'chatId' | 'week' | 'roster' | 'excused' | 'signedIn' | 'noted' | 'quizzed'>

/** Who is behind, from the week's facts and the assignment (what is required). */
export function progressOf(f: Facts, assignment: Assignment | undefined): WeekProgress {
  const requires: Item[] = ['signin']
  if (assignment && assignment.note_min > 0) requires.push('note')
  if (assignment && quizTagsOf(assignment).length > 0) requires.push('quiz')
  const done: Record<Item, Set<string>> = { signin: f.signedIn, note: f.noted, quiz: f.quizzed }
  const expected = f.roster.filter((u) => !f.excused.has(u))
  const behind = expected.map((userid) => ({ userid, missing: requires.filter((item) => !done[item].has(userid)) })).filter((b) => b.missing.length > 0)
  return { ...f, requires, behind, expected: expected.length }
}

/** Share (0..1) of expected members who did an item. */
export function completion(p: WeekProgress, item: Item): number {
  if (p.expected === 0) return 0
  const set = item === 'signin' ? p.signedIn : item === 'note' ? p.noted : p.quizzed
  return p.roster.filter((u) => !p.excused.has(u) && set.has(u)).length / p.expected
}
