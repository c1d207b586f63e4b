// What /排行 and the Sunday push say: a group's board plus 支部评比, and a member's own standing.
import type { DbOrTrx } from '../deps.js'
import { groupNames } from '../groups/groups.js'
import { t } from '../i18n/index.js'
import { local } from '../time.js'
import { compareGroups, groupBoard, ownStanding } from './board.js'
import { hiddenUserids, isHidden } from './hidden.js'
import { boardPeriod, type BoardKind } from './periods.js'
import { renderComparison, renderGroupBoard, renderOwn } from './render.js'

export function periodLabel(kind: BoardKind, at: Date, tz: string): string {
  const d = local(at, tz)
  if (kind === 'week') {
    const mon = d.startOf('week')
    const sun = mon.plus({ days: 6 })
    return `${mon.month}月${mon.day}日–${sun.month}月${sun.day}日`
  }
  if (kind === 'month') return `${d.year}年${d.month}月`
  if (kind === 'year') return `${d.year}年`
  return t('rank.allTime')
}

/** The group's board and the ranking of groups, as one markdown message. */
export async function groupBoardText(db: DbOrTrx, chatId: string, kind: BoardKind, at: Date, tz: string): Promise<string> {
  const period = boardPeriod(kind, at, tz)
  const names = await groupNames(db)
  const board = await groupBoard(db, chatId, period, await hiddenUserids(db))
  const compare = renderComparison(await compareGroups(db, period.key), kind, chatId)
  return [renderGroupBoard(board, names.get(chatId) ?? chatId, kind, periodLabel(kind, at, tz)), compare].filter(Boolean).join('\n\n')
}

/** A member's own rank in each of their groups (hidden or not), for a private answer. */
export async function ownText(db: DbOrTrx, userid: string, kind: BoardKind, at: Date, tz: string): Promise<string> {
  const period = boardPeriod(kind, at, tz)
  const names = await groupNames(db)
  const groups = await db.selectFrom('memberships').select('chat_id').where('userid', '=', userid).where('left_at', 'is', null).orderBy('chat_id').execute()
  const hidden = await isHidden(db, userid)
  const mine = groups.filter((g) => names.has(g.chat_id))
  if (mine.length === 0) return t('rank.noGroup')
  const parts: string[] = []
  for (const g of mine) parts.push(renderOwn(names.get(g.chat_id)!, kind, await ownStanding(db, g.chat_id, period.key, userid), hidden))
  const compare = renderComparison(await compareGroups(db, period.key), kind, mine.length === 1 ? mine[0]!.chat_id : undefined)
  return [...parts, compare].filter(Boolean).join('\n\n')
}
