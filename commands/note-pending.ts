import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { displayName } from '../src/members/members.js'
import { chatName, describeSource, moreSources, quotePassages } from '../src/notes/notify.js'
import { pendingReviewCount } from '../src/notes/queries.js'
import { noteDate } from '../src/notes/render.js'
import { pendingNotes } from '../src/notes/review.js'

const SHOWN = 10

export default defineCommand({
  name: 'note-pending',
  aliases: ['笔记 待审', 'note pending'],
  summary: 'cmd.note-pending.summary',
  usage: 'cmd.note-pending.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    const total = await pendingReviewCount(ctx.db)
    if (total === 0) return t('notes.pending.empty')
    const items: string[] = []
    for (const n of await pendingNotes(ctx.db, SHOWN)) {
      const passages: string[] = n.flag_passages ? (JSON.parse(n.flag_passages) as string[]) : []
      items.push(
        t('notes.pending.item', {
          id: n.id,
          author: await displayName(ctx.db, n.userid),
          chat: await chatName(ctx.db, n.chat_id),
          date: noteDate(n.created_at, ctx.config.timezone),
          count: n.chars,
          source: await describeSource(ctx.db, n, n.flag_kind, n.flag_ref),
          more: moreSources(n.flag_extra),
          overlap: n.flag_overlap ?? 0,
          passages: quotePassages(passages),
        }),
      )
    }
    const more = total > SHOWN ? [t('notes.pending.more', { n: total - SHOWN })] : []
    return [t('notes.pending.title', { n: total }), ...items, ...more, t('notes.pending.footer')].join('\n\n')
  },
})
