import { defineCommand } from '../src/bot/command.js'
import { envOf } from '../src/quiz/session-input.js'
import { startSession } from '../src/quiz/session.js'

// /错题 [题数] — replays the member's wrong questions (answers go through /答题's text and card hooks).
export default defineCommand({
  name: 'wrong-book',
  aliases: ['错题', '错题本'],
  summary: 'cmd.wrong-book.summary',
  usage: 'cmd.wrong-book.usage',
  scope: 'any',
  role: 'member',
  parse: (args) => {
    const count = args.optionalInt('题数', { min: 1, max: 20 }) ?? 10
    args.end()
    return { count }
  },
  async run(ctx, { count }) {
    return startSession(envOf(ctx), { userid: ctx.sender.userid, chat: ctx.chat, kind: 'wrong', count })
  },
})
