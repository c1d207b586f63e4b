import { defineCommand } from '../src/bot/command.js'
import type { OutMessage } from '../src/wecom/types.js'
import { groupBoardText, ownText } from '../src/leaderboard/answer.js'
import { isHidden } from '../src/leaderboard/hidden.js'
import { BOARD_WORDS } from '../src/leaderboard/periods.js'
import { toUser } from '../src/outbox/outbox.js'

export default defineCommand({
  name: 'rank',
  aliases: ['排行', '排行榜', 'rank'],
  summary: 'cmd.rank.summary',
  usage: 'cmd.rank.usage',
  examples: 'cmd.rank.examples',
  scope: 'any',
  role: 'member',
  parse: (args) => {
    const word = args.maybe(Object.keys(BOARD_WORDS)) ?? '周'
    args.end()
    return { kind: BOARD_WORDS[word]! }
  },
  async run(ctx, { kind }) {
    const tz = ctx.config.timezone
    if (ctx.chat.type === 'single') return ownText(ctx.db, ctx.sender.userid, kind, ctx.now, tz)
    const board = await groupBoardText(ctx.db, ctx.chat.id, kind, ctx.now, tz)
    // A hidden member is not on the public board; their own rank comes to them privately.
    if (await isHidden(ctx.db, ctx.sender.userid)) {
      const own: OutMessage = { type: 'markdown', content: await ownText(ctx.db, ctx.sender.userid, kind, ctx.now, tz) }
      await ctx.outbox.enqueue(ctx.db, { to: toUser(ctx.sender.userid), message: own, key: `rank-own:${ctx.incoming.msgid}` })
    }
    return board
  },
})
