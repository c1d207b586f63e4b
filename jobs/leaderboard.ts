// Sunday 20:00 (JOB_LEADERBOARD): each group receives its week's top 10 with the participation
// rate and 支部评比 (groups ranked by participation rate and points per member); admins get the
// ranking of groups. The board summarises the week, so it is sent on weekends too. The ranking is
// computed once per run and every group's board is read in a few batched queries.
import { adminIds } from '../src/members/members.js'
import { boardShared, boardText } from '../src/leaderboard/answer.js'
import { allGroupBoards } from '../src/leaderboard/batch.js'
import { renderComparison } from '../src/leaderboard/render.js'
import { listGroups } from '../src/groups/groups.js'
import { t } from '../src/i18n/index.js'
import { toGroup, toUser } from '../src/outbox/outbox.js'
import { defineJob } from '../src/scheduler/job.js'
import { weekKey } from '../src/time.js'

export default defineJob({
  name: 'leaderboard',
  schedule: (config) => config.jobs.leaderboard,
  period: (at, tz) => weekKey(at, tz),
  catchUp: { within: '12h' },
  async run(ctx) {
    const shared = await boardShared(ctx.db, 'week', ctx.scheduledAt, ctx.config.timezone)
    const groups = await listGroups(ctx.db)
    const boards = await allGroupBoards(ctx.db, groups.map((g) => g.chatId), shared.period, shared.hidden, shared.compare)
    let messages = 0
    for (const [i, group] of groups.entries()) {
      const content = boardText(shared, boards[i]!, group.label)
      if (await ctx.outbox.enqueue(ctx.db, { to: toGroup(group.chatId), message: { type: 'markdown', content }, key: `leaderboard:${ctx.period}:${group.chatId}` })) messages++
    }
    const compare = renderComparison(shared.compare, 'week', undefined, 30)
    if (compare) {
      const content = t('jobs.leaderboard.admins', { week: ctx.period, compare })
      for (const admin of await adminIds(ctx.db, ctx.config.adminUserIds)) {
        if (await ctx.outbox.enqueue(ctx.db, { to: toUser(admin), message: { type: 'markdown', content }, key: `leaderboard:${ctx.period}:admin:${admin}` })) messages++
      }
    }
    return `${messages} 条消息`
  },
})
