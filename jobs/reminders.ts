// Thursday 19:00 (JOB_REMINDERS): each group hears who has not yet done this week's sign-in, note
// or quiz; members behind several weeks in a row are escalated (REMINDER_*_AFTER_WEEKS).
// Rest days and holidays: no reminder in that group.
import { reminderItems } from '../src/digest/reminders.js'
import { listGroups } from '../src/groups/groups.js'
import { defineJob } from '../src/scheduler/job.js'
import { weekKey } from '../src/time.js'

export default defineJob({
  name: 'reminders',
  schedule: (config) => config.jobs.reminders,
  period: (at, tz) => weekKey(at, tz),
  catchUp: { within: '3h' },
  async run(ctx) {
    let messages = 0
    for (const group of await listGroups(ctx.db)) {
      for (const item of await reminderItems(ctx.db, ctx.config, group.chatId, ctx.period, ctx.scheduledAt)) {
        if (await ctx.outbox.enqueue(ctx.db, item)) messages++
      }
    }
    return `${messages} 条消息`
  },
})
