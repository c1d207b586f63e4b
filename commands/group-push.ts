import { defineCommand } from '../src/bot/command.js'
import { UserError } from '../src/errors.js'
import { extractWebhookKey, groupByName, groupLabel, setWebhookKey } from '../src/groups/groups.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'
import { toGroup } from '../src/outbox/outbox.js'

const CLEAR = ['取消', '解除', '解绑', 'none'] as const

export default defineCommand({
  name: 'group-push',
  aliases: ['群 推送'],
  summary: 'cmd.group-push.summary',
  usage: 'cmd.group-push.usage',
  examples: 'cmd.group-push.examples',
  scope: 'private',
  role: 'admin',
  parse: (args) => {
    const group = args.word('群名称')
    const key = args.word('KEY')
    args.end()
    return { group, key }
  },
  // The audit log records which group, never the key (a secret).
  auditDetail: ({ group, key }) => ({ group, cleared: (CLEAR as readonly string[]).includes(key) }),
  async run(ctx, { group, key }) {
    const chat = await groupByName(ctx.db, group)
    if (!chat) throw new UserError('groups.unknown', { name: group })
    const name = groupLabel(chat)
    const at = ctx.now.toISOString()
    if ((CLEAR as readonly string[]).includes(key)) {
      await setWebhookKey(ctx.db, chat.chat_id, null)
      await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'group.push.clear', chatId: chat.chat_id })
      return t('groups.pushCleared', { name })
    }
    const webhookKey = extractWebhookKey(key)
    // Never echo what was typed: it may be a secret.
    if (!webhookKey) throw new UserError('groups.badKey')
    await setWebhookKey(ctx.db, chat.chat_id, webhookKey)
    await audit(ctx.db, { at, actor: ctx.sender.userid, action: 'group.push.bind', chatId: chat.chat_id })
    await ctx.outbox.enqueue(ctx.db, {
      to: toGroup(chat.chat_id),
      message: { type: 'markdown', content: t('groups.pushHello', { bot: ctx.config.botName }) },
      key: `group-bound:${chat.chat_id}:${at}`,
    })
    return t('groups.pushBound', { name })
  },
})
