// Competition standings: totals per member up to a question, ranks, position changes, and the
// top-five and podium lines.
import type { DbOrTrx } from '../deps.js'
import { t } from '../i18n/index.js'
import { displayNames } from '../members/members.js'

export interface Standing {
  userid: string
  name: string
  points: number
  right: number
  ms: number
  rank: number
}

/** Standings after question `upTo` (0-based, inclusive); upTo < 0 gives nobody. */
export async function standings(db: DbOrTrx, competitionId: number, upTo: number): Promise<Standing[]> {
  if (upTo < 0) return []
  const rows = await db
    .selectFrom('competition_answers')
    .select(['userid', (eb) => eb.fn.sum<number>('points').as('points'), (eb) => eb.fn.sum<number>('correct').as('right'), (eb) => eb.fn.sum<number>('ms').as('ms')])
    .where('competition_id', '=', competitionId)
    .where('position', '<=', upTo)
    .groupBy('userid')
    .execute()
  const names = await displayNames(db, rows.map((r) => r.userid))
  const list = rows
    .map((r) => ({ userid: r.userid, name: names.get(r.userid) ?? r.userid, points: Number(r.points), right: Number(r.right), ms: Number(r.ms), rank: 0 }))
    .sort((a, b) => b.points - a.points || b.right - a.right || a.ms - b.ms || a.userid.localeCompare(b.userid))
  list.forEach((s, i) => (s.rank = i + 1))
  return list
}

function change(before: Standing[], s: Standing): string {
  const prev = before.find((b) => b.userid === s.userid)
  if (!prev || prev.points === 0) return t('comp.new')
  if (prev.rank > s.rank) return t('comp.up', { n: prev.rank - s.rank })
  if (prev.rank < s.rank) return t('comp.down', { n: s.rank - prev.rank })
  return t('comp.same')
}

export function topFive(before: Standing[], after: Standing[]): string {
  const scored = after.filter((s) => s.points > 0).slice(0, 5)
  if (scored.length === 0) return t('comp.topNone')
  return scored.map((s) => t('comp.topLine', { rank: s.rank, name: s.name, points: s.points, change: change(before, s) })).join('\n')
}

const MEDALS = ['🥇', '🥈', '🥉']

export function podium(all: Standing[]): string {
  if (all.length === 0) return t('comp.podiumNone')
  return all
    .slice(0, 3)
    .map((s, i) => t('comp.podiumLine', { medal: MEDALS[i]!, name: s.name, points: s.points, right: s.right }))
    .join('\n')
}
