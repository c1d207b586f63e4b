// The admin weekly digest: for the week that just ended, per group the completion of sign-in,
// notes and quizzes, who is behind, quiz accuracy; across groups the notes awaiting review,
// featured notes, the 4-week participation trend (from running totals), groups whose pushes
// cannot arrive, and job periods that were skipped or failed.
import type { Config } from '../config.js'
import type { DbOrTrx } from '../deps.js'
import { isUnbound, listGroups } from '../groups/groups.js'
import { displayNames } from '../members/members.js'
import { shiftWeek } from '../plans/weeks.js'
import { runsSince, type JobRun } from '../scheduler/runs.js'
import { groupWeeks } from './batch.js'
import { completion, type Item } from './progress.js'
import { featuredNotes, pendingReviewCount, type FeaturedNote } from './sources.js'

export interface GroupDigest {
  chatId: string
  name: string
  roster: number
  expected: number
  requires: Item[]
  /** 0..1 per item */
  rates: Record<Item, number>
  behind: { userid: string; name: string; missing: Item[] }[]
  accuracy?: { answered: number; correct: number; rate: number }
}

export interface Digest {
  week: string
  groups: GroupDigest[]
  pendingReview: number
  featured: (FeaturedNote & { name: string; group: string })[]
  /** the last 4 weeks, oldest first: participation (members with points / roster) over all groups, and per group */
  trend: { weeks: string[]; overall: number[]; byGroup: Map<string, number[]> }
  unbound: string[]
  problems: JobRun[]
  deadLetters: number
}

async function trend(db: DbOrTrx, week: string, groups: { chatId: string }[], tz: string): Promise<Digest['trend']> {
  const weeks = [3, 2, 1, 0].map((back) => shiftWeek(week, -back, tz))
  const rosters = await db.selectFrom('group_rosters').select(['chat_id', 'members']).execute()
  const rosterOf = new Map(rosters.map((r) => [r.chat_id, Number(r.members)]))
  const totals = await db.selectFrom('group_point_totals').select(['chat_id', 'period', 'members']).where('period', 'in', weeks).execute()
  const activeOf = new Map(totals.map((x) => [`${x.period} ${x.chat_id}`, Number(x.members)]))
  const byGroup = new Map<string, number[]>(groups.map((g) => [g.chatId, []]))
  const overall: number[] = []
  for (const w of weeks) {
    let active = 0
    let roster = 0
    for (const g of groups) {
      const size = rosterOf.get(g.chatId) ?? 0
      const members = Math.min(activeOf.get(`${w} ${g.chatId}`) ?? 0, size)
      active += members
      roster += size
      byGroup.get(g.chatId)!.push(size ? members / size : 0)
    }
    overall.push(roster ? active / roster : 0)
  }
  return { weeks, overall, byGroup }
}

/**
 * The digest of `week`: a handful of queries per 10 groups (batch.ts), yielding between chunks.
 * `run` is the job run compiling it: its own earlier failure is not listed among the problems
 * (a worker reading committed rows sees that failure; the run's transaction already says running).
 */
export async function compileDigest(db: DbOrTrx, config: Config, week: string, now: Date, run?: { job: string; period: string }): Promise<Digest> {
  const tz = config.timezone
  const all = await listGroups(db)
  const weeks = await groupWeeks(db, all.map((g) => g.chatId), week, tz)
  const groups: GroupDigest[] = all.map((g, i) => {
    const { progress: p, names, accuracy: a } = weeks[i]!
    return {
      chatId: g.chatId,
      name: g.label,
      roster: p.roster.length,
      expected: p.expected,
      requires: p.requires,
      rates: { signin: completion(p, 'signin'), note: completion(p, 'note'), quiz: completion(p, 'quiz') },
      behind: p.behind.map((b) => ({ ...b, name: names.get(b.userid)! })),
      ...(a.answered ? { accuracy: { ...a, rate: a.correct / a.answered } } : {}),
    }
  })
  const label = new Map(all.map((g) => [g.chatId, g.label]))
  const featuredRows = await featuredNotes(db, week)
  const authors = await displayNames(db, featuredRows.map((f) => f.userid))
  const dead = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'dead').executeTakeFirst()
  return {
    week,
    groups,
    pendingReview: await pendingReviewCount(db),
    featured: featuredRows.map((f) => ({ ...f, name: authors.get(f.userid)!, group: label.get(f.chatId) ?? f.chatId })),
    trend: await trend(db, week, all, tz),
    unbound: all.filter(isUnbound).map((g) => g.label),
    problems: (await runsSince(db, new Date(now.getTime() - 8 * 86_400_000), ['skipped', 'failed'])).filter((r) => r.job !== run?.job || r.period !== run.period),
    deadLetters: Number(dead?.n ?? 0),
  }
}
