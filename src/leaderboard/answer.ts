// What /排行 and the Sunday push say: a group's board plus 支部评比, and a member's own standing.
import type { DbOrTrx } from '../deps.js'
import { groupLabel } from '../groups/groups.js'
import { t } from '../i18n/index.js'
import { local } from '../time.js'
import { allGroupBoards } from './batch.js'
import { compareGroups, ownStanding, type GroupBoard, type GroupStanding } from './board.js'
import { hiddenUserids, isHidden } from './hidden.js'
import { boardPeriod, type BoardKind, type BoardPeriod } from './periods.js'
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

/** What every board of one period shares: read once per /排行 and once per Sunday job run. */
export interface BoardShared {
  period: BoardPeriod
  label: string
  hidden: string[]
  compare: GroupStanding[]
}

export async function boardShared(db: DbOrTrx, kind: BoardKind, at: Date, tz: string): Promise<BoardShared> {
  const period = boardPeriod(kind, at, tz)
  return { period, label: periodLabel(kind, at, tz), hidden: await hiddenUserids(db), compare: await compareGroups(db, period.key) }
}

/** A group's board and the ranking of groups, as one markdown message. */
export function boardText(shared: BoardShared, board: GroupBoard, groupName: string): string {
  const kind = shared.period.kind
  const compare = renderComparison(shared.compare, kind, board.chatId)
  return [renderGroupBoard(board, groupName, kind, shared.label), compare].filter(Boolean).join('\n\n')
}

/** The group's board and the ranking of groups, as one markdown message (/排行 in a group). */
export async function groupBoardText(db: DbOrTrx, chatId: string, kind: BoardKind, at: Date, tz: string): Promise<string> {
  const shared = await boardShared(db, kind, at, tz)
  const [board] = await allGroupBoards(db, [chatId], shared.period, shared.hidden, shared.compare)
  // The ranking holds every group with a roster; a group without one is read by itself.
  const ranked = shared.compare.find((g) => g.chatId === chatId)
  const chat = ranked ? undefined : await db.selectFrom('chats').select(['chat_id', 'name']).where('chat_id', '=', chatId).where('type', '=', 'group').executeTakeFirst()
  return boardText(shared, board!, ranked?.name ?? (chat ? groupLabel(chat) : chatId))
}

/** A member's own rank in each of their groups (hidden or not), for a private answer. */
export async function ownText(db: DbOrTrx, userid: string, kind: BoardKind, at: Date, tz: string): Promise<string> {
  const period = boardPeriod(kind, at, tz)
  const mine = await db
    .selectFrom('memberships as m')
    .innerJoin('chats as c', 'c.chat_id', 'm.chat_id')
    .select(['c.chat_id', 'c.name'])
    .where('m.userid', '=', userid)
    .where('m.left_at', 'is', null)
    .where('c.type', '=', 'group')
    .orderBy('c.chat_id')
    .execute()
  if (mine.length === 0) return t('rank.noGroup')
  const hidden = await isHidden(db, userid)
  const parts: string[] = []
  for (const g of mine) parts.push(renderOwn(groupLabel(g), kind, await ownStanding(db, g.chat_id, period.key, userid), hidden))
  const compare = renderComparison(await compareGroups(db, period.key), kind, mine.length === 1 ? mine[0]!.chat_id : undefined)
  return [...parts, compare].filter(Boolean).join('\n\n')
}
