// People the roster has not named yet are shown by their userid. In a self-built app's text and
// markdown WeCom can show the real name itself: `$userName=USERID$` with enable_id_trans. Before an
// app send, every unnamed userid standing as a word in the text is written that way.
import type { DbOrTrx } from '../deps.js'
import type { OutMessage } from '../wecom/types.js'

const WORD = /(?<![A-Za-z0-9_.@-])[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}(?![A-Za-z0-9_.@-])/g

export async function withIdTrans(db: DbOrTrx, message: OutMessage): Promise<{ message: OutMessage; idTrans: boolean }> {
  if (message.type !== 'text' && message.type !== 'markdown') return { message, idTrans: false }
  const words = [...new Set(message.content.match(WORD) ?? [])]
  if (words.length === 0) return { message, idTrans: false }
  const unnamed = new Set(
    (await db.selectFrom('users').select('userid').where('userid', 'in', words.slice(0, 500)).where('name', 'is', null).execute()).map((r) => r.userid),
  )
  if (unnamed.size === 0) return { message, idTrans: false }
  const content = message.content.replace(WORD, (w) => (unnamed.has(w) ? `$userName=${w}$` : w))
  return { message: { ...message, content }, idTrans: true }
}
