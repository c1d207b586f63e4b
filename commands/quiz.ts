import { defineCommand } from '../src/bot/command.js'
import { quizCard, quizText, envOf } from '../src/quiz/session-input.js'
import { startSession } from '../src/quiz/session.js'

// /答题 [题数] [标签] — a personal quiz, in the private chat or in the group. Typed answers ("A",
// "AC", "对", fill-in text) come through onText; card clicks through onCard.
export default defineCommand({
  name: 'quiz',
  aliases: ['答题', '测验'],
  summary: 'cmd.quiz.summary',
  usage: 'cmd.quiz.usage',
  examples: 'cmd.quiz.examples',
  scope: 'any',
  role: 'member',
  parse: (args) => {
    const count = args.optionalInt('题数', { min: 1, max: 20 }) ?? 5
    const tag = args.optionalWord()
    args.end()
    return { count, tag }
  },
  async run(ctx, { count, tag }) {
    return startSession(envOf(ctx), { userid: ctx.sender.userid, chat: ctx.chat, kind: 'quiz', count, tag })
  },
  cardPrefixes: ['quiz:', 'quiz_'],
  onCard: quizCard,
  onText: quizText,
})
