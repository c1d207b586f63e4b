import type { DbOrTrx } from '../deps.js'
import { UserError } from '../errors.js'
import { resolveMention } from './members.js'

/** The userid a typed @mention names (within the group when said in one), or a Chinese refusal. */
export async function mentionedUser(db: DbOrTrx, who: string, chat: { id: string; type: 'group' | 'single' }): Promise<string> {
  const userid = await resolveMention(db, who, chat.type === 'group' ? chat.id : undefined)
  if (!userid) throw new UserError('members.notFound', { name: who })
  return userid
}
