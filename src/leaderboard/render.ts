// Leaderboard messages (markdown, within WeCom's 4096-byte limit): a group's board and 支部评比.
import { t } from '../i18n/index.js'
import type { GroupBoard, GroupStanding, BoardRow } from './board.js'
import type { BoardKind } from './periods.js'

const pct = (rate: number) => `${Math.round(rate * 100)}%`
export const KIND_LABEL: Record<BoardKind, string> = { week: '本周', month: '本月', year: '本年', all: '总' }

function change(row: BoardRow): string {
  if (row.change === undefined) return ''
  if (row.change === 'new') return ' ' + t('rank.changeNew')
  if (row.change > 0) return ` ↑${row.change}`
  if (row.change < 0) return ` ↓${-row.change}`
  return ' —'
}

export function renderGroupBoard(board: GroupBoard, groupName: string, kind: BoardKind, periodLabel: string): string {
  const p = board.participation
  const head = t('rank.groupTitle', { group: groupName, kind: KIND_LABEL[kind], period: periodLabel })
  const rate = t('rank.participation', { active: p.active, roster: p.roster, rate: pct(p.rate) })
  const lines = board.rows.map((r) => t('rank.row', { rank: r.rank, name: r.name, points: r.points, change: change(r) }))
  return [head, rate, lines.length ? lines.join('\n') : t('rank.empty')].join('\n')
}

/** 支部评比: the top `limit` groups, plus `highlight`'s own line when it is further down. */
export function renderComparison(list: GroupStanding[], kind: BoardKind, highlight?: string, limit = 10): string {
  if (list.length < 2) return ''
  const line = (g: GroupStanding) =>
    t('rank.groupRow', { rank: g.rank, name: g.name, rate: pct(g.rate), perMember: g.perMember.toFixed(1), mark: g.chatId === highlight ? ' ◀' : '' })
  const shown = list.slice(0, limit).map(line)
  const own = highlight ? list.find((g) => g.chatId === highlight) : undefined
  if (own && list.indexOf(own) >= limit) shown.push('…', line(own))
  return [t('rank.compareTitle', { kind: KIND_LABEL[kind], count: list.length }), ...shown].join('\n')
}

export function renderOwn(groupName: string, kind: BoardKind, s: { rank?: number; points: number; of: number }, hidden: boolean): string {
  const standing = s.rank ? t('rank.ownRank', { rank: s.rank, of: s.of, points: s.points }) : t('rank.ownNone')
  return t('rank.own', { group: groupName, kind: KIND_LABEL[kind], standing, hidden: hidden ? t('rank.ownHiddenNote') : '' })
}
