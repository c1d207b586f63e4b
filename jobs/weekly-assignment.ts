// Monday 09:00 (JOB_WEEKLY_ASSIGNMENT): every group receives its assignment card for the week.
// A group whose Monday is a rest day gets it on the week's first working day (outbox notBefore).
import { listGroups } from '../src/groups/groups.js'
import { toGroup } from '../src/outbox/outbox.js'
import { planAssignmentPush } from '../src/plans/pushes.js'
import { defineJob } from '../src/scheduler/job.js'
import { weekKey } from '../src/time.js'

export default defineJob({
  name: 'weekly-assignment',
  schedule: (config) => config.jobs.weeklyAssignment,
  period: (at, tz) => weekKey(at, tz),
  catchUp: { within: '12h' },
  async run(ctx) {
    let sent = 0
    let rest = 0
    for (const group of await listGroups(ctx.db)) {
      const push = await planAssignmentPush(ctx.db, group.chatId, ctx.period, ctx.scheduledAt, ctx.config)
      if (push.kind === 'rest') rest++
      if (push.kind !== 'send') continue
      const key = `weekly-assignment:${ctx.period}:${group.chatId}`
      const notBefore = push.at > ctx.now ? push.at : undefined
      if (await ctx.outbox.enqueue(ctx.db, { to: toGroup(group.chatId), message: push.message, key, ...(notBefore ? { notBefore } : {}) })) sent++
    }
    return `${sent} 个群${rest ? `，${rest} 个群本周休息` : ''}`
  },
})
