import { defineCommand } from '../src/bot/command.js'
import { UserError } from '../src/errors.js'
import { t } from '../src/i18n/index.js'
import { audit } from '../src/members/members.js'
import { ALL_GROUPS } from '../src/plans/assignments.js'
import { importPlan, validatePlan } from '../src/plans/plan-file.js'
import { parsePublish, PublishFormatError } from '../src/plans/publish.js'
import { parseWeek } from '../src/plans/weeks.js'
import { groupNames } from '../src/groups/groups.js'

export default defineCommand({
  name: 'task-publish',
  aliases: ['任务 发布'],
  summary: 'cmd.task-publish.summary',
  usage: 'cmd.task-publish.usage',
  examples: 'cmd.task-publish.examples',
  scope: 'any',
  role: 'admin',
  parse: (args) => ({ week: args.word('周次'), text: args.rest() }),
  async run(ctx, { week: typed, text }) {
    const tz = ctx.config.timezone
    const week = parseWeek(typed, ctx.now, tz)
    if (!week) throw new UserError('jobs.publish.badWeek', { value: typed.slice(0, 20) })
    if (!text) throw new UserError('jobs.publish.noTitle')
    const here = ctx.chat.type === 'group' ? ((await groupNames(ctx.db)).get(ctx.chat.id) ?? ctx.chat.id) : '全部'
    let row
    try {
      row = parsePublish(week, text, here)
    } catch (err) {
      if (err instanceof PublishFormatError) throw new UserError('jobs.publish.badLine', { line: err.line })
      throw err
    }
    const { items, problems } = await validatePlan(ctx.db, [row], ctx.now, tz)
    if (problems.length || !items[0]) throw new UserError('jobs.publish.invalid', { problem: problems[0]?.problem ?? '' })
    const item = items[0]
    const { added } = await importPlan(ctx.db, items, { userid: ctx.sender.userid, at: ctx.now })
    await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: 'plan.publish', chatId: ctx.chat.id, target: `${item.week}:${item.chatId}` })
    const scope = item.chatId === ALL_GROUPS ? t('jobs.publish.allGroups') : here
    return t(added ? 'jobs.publish.added' : 'jobs.publish.replaced', { week: item.week, scope, title: item.title, noteMin: item.noteMin })
  },
})
