// A group's week: who signed in, wrote the note, took a quiz; who is excused (leave); who is behind.
// What is required follows the week's assignment: sign-in always; the note when the assignment
// asks for one (note minimum > 0); the quiz when it names quiz tags.
import type { DbOrTrx } from '../deps.js'
import { rosterOf } from '../groups/groups.js'
import { assignmentForWeek, quizTagsOf } from '../plans/assignments.js'
import { daysOfWeek } from '../plans/weeks.js'
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
  const roster = await rosterOf(db, chatId)
  const days = daysOfWeek(week, tz)
  const excused = await excusedUserids(db, chatId, days[0]!, throughDay ?? days[6]!)
  const [signedIn, noted, quizzed] = await Promise.all([checkedInUserids(db, chatId, week), notedUserids(db, chatId, week), quizzedUserids(db, chatId, week)])
  const assignment = await assignmentForWeek(db, chatId, week)
  const requires: Item[] = ['signin']
  if (assignment && assignment.note_min > 0) requires.push('note')
  if (assignment && quizTagsOf(assignment).length > 0) requires.push('quiz')
  const done: Record<Item, Set<string>> = { signin: signedIn, note: noted, quiz: quizzed }
  const behind = roster
    .filter((u) => !excused.has(u))
    .map((userid) => ({ userid, missing: requires.filter((item) => !done[item].has(userid)) }))
    .filter((b) => b.missing.length > 0)
  return { chatId, week, roster, excused, signedIn, noted, quizzed, requires, behind, expected: roster.filter((u) => !excused.has(u)).length }
}

/** Share (0..1) of expected members who did an item. */
export function completion(p: WeekProgress, item: Item): number {
  if (p.expected === 0) return 0
  const set = item === 'signin' ? p.signedIn : item === 'note' ? p.noted : p.quizzed
  return p.roster.filter((u) => !p.excused.has(u) && set.has(u)).length / p.expected
}
