// The week's facts for many groups at once (the digest): per chunk of groups one query each for
// the rosters (with names), check-ins, session sign-ins, leave, notes, quiz and competition answers
// and quiz accuracy — instead of ~10 per group. Between chunks the event loop gets a turn.
import { type NotNull, sql } from 'kysely'
import type { DbOrTrx } from '../deps.js'
import { isoWeekRange } from '../attendance/days.js'
import { ALL_GROUPS, type Assignment } from '../plans/assignments.js'
import { daysOfWeek } from '../plans/weeks.js'
import { progressOf, type WeekProgress } from './progress.js'

const CHUNK = 10

export interface GroupWeek {
  progress: WeekProgress
  /** display names of the roster (userid when unnamed) */
  names: Map<string, string>
  accuracy: { answered: number; correct: number }
}

export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

type Pairs = Map<string, Set<string>>
function pairs(rows: { chat_id: string; userid: string }[]): Pairs {
  const out: Pairs = new Map()
  for (const r of rows) {
    let set = out.get(r.chat_id)
    if (!set) out.set(r.chat_id, (set = new Set()))
    set.add(r.userid)
  }
  return out
}

/** Every group's week, in the order of `chatIds`. */
export async function groupWeeks(db: DbOrTrx, chatIds: string[], week: string, tz: string): Promise<GroupWeek[]> {
  const assignments = await db.selectFrom('assignments').selectAll().where('week', '=', week).execute()
  const forAll = assignments.find((a) => a.chat_id === ALL_GROUPS)
  const own = new Map<string, Assignment>(assignments.filter((a) => a.chat_id !== ALL_GROUPS).map((a) => [a.chat_id, a]))
  const out: GroupWeek[] = []
  for (let i = 0; i < chatIds.length; i += CHUNK) {
    if (i > 0) await yieldToLoop()
    const chunk = chatIds.slice(i, i + CHUNK)
    const f = await chunkFacts(db, chunk, week, tz)
    for (const chatId of chunk) {
      const roster = f.rosters.get(chatId) ?? []
      const progress = progressOf(
        {
          chatId,
          week,
          roster: roster.map((r) => r.userid),
          excused: f.excused.get(chatId) ?? new Set(),
          signedIn: f.signedIn.get(chatId) ?? new Set(),
          noted: f.noted.get(chatId) ?? new Set(),
          quizzed: f.quizzed.get(chatId) ?? new Set(),
        },
        own.get(chatId) ?? forAll,
      )
      const names = new Map(roster.map((r) => [r.userid, r.name ?? r.userid]))
      out.push({ progress, names, accuracy: f.accuracy.get(chatId) ?? { answered: 0, correct: 0 } })
    }
  }
  return out
}

async function chunkFacts(db: DbOrTrx, chatIds: string[], week: string, tz: string) {
  const { from, to } = isoWeekRange(week)
  const days = daysOfWeek(week, tz)
  const roster = await db
    .selectFrom('memberships as m')
    .leftJoin('users as u', 'u.userid', 'm.userid')
    .select(['m.chat_id', 'm.userid', 'u.name'])
    .where('m.chat_id', 'in', chatIds)
    .where('m.left_at', 'is', null)
    .orderBy('m.chat_id')
    .orderBy('m.userid')
    .execute()
  const rosters = new Map<string, { userid: string; name: string | null }[]>()
  for (const r of roster) rosters.set(r.chat_id, [...(rosters.get(r.chat_id) ?? []), r])
  const checkins = await db.selectFrom('att_checkins').select(['chat_id', 'userid']).distinct().where('chat_id', 'in', chatIds).where('day', '>=', from).where('day', '<=', to).execute()
  const sessions = await db
    .selectFrom('att_records as r')
    .innerJoin('att_sessions as s', 's.id', 'r.session_id')
    .select(['r.chat_id', 'r.userid'])
    .distinct()
    .where('s.chat_id', 'in', chatIds) // a record's chat is its session's chat; lets the index on sessions drive
    .where('r.chat_id', 'in', chatIds)
    .where('s.day', '>=', from)
    .where('s.day', '<=', to)
    .execute()
  const excused = await db
    .selectFrom('att_leaves')
    .select(['chat_id', 'userid'])
    .distinct()
    .where('chat_id', 'in', chatIds)
    .where('status', '=', 'approved')
    .where('from_day', '<=', days[6]!)
    .where('to_day', '>=', days[0]!)
    .execute()
  const noted = await db.selectFrom('notes').select(['chat_id', 'userid']).distinct().where('chat_id', 'in', chatIds).where('week', '=', week).where('status', 'in', ['accepted', 'pending']).execute()
  const quiz = await db
    .selectFrom('quiz_answers')
    .select(['group_id as chat_id', 'userid', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(correct)`.as('c')])
    .where('group_id', 'in', chatIds)
    .where('week', '=', week)
    .groupBy(['group_id', 'userid'])
    .$narrowType<{ chat_id: NotNull }>()
    .execute()
  const contest = await db
    .selectFrom('competition_answers as a')
    .innerJoin('competitions as c', 'c.id', 'a.competition_id')
    .select(['c.chat_id', 'a.userid', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(a.correct)`.as('c')])
    .where('c.chat_id', 'in', chatIds)
    .where('a.week', '=', week)
    .groupBy(['c.chat_id', 'a.userid'])
    .$narrowType<{ chat_id: NotNull }>()
    .execute()
  const accuracy = new Map<string, { answered: number; correct: number }>()
  for (const r of [...quiz, ...contest]) {
    const a = accuracy.get(r.chat_id) ?? { answered: 0, correct: 0 }
    accuracy.set(r.chat_id, { answered: a.answered + Number(r.n), correct: a.correct + Number(r.c ?? 0) })
  }
  return { rosters, signedIn: pairs([...checkins, ...sessions]), excused: pairs(excused), noted: pairs(noted), quizzed: pairs([...quiz, ...contest]), accuracy }
}
