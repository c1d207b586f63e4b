// Every minute: scheduled sessions whose start has come get their sign-in card posted in the group.
// The due-query finds the work (however late) and each session is claimed by a conditional update,
// so a period that runs twice (or on two instances) sends nothing twice; messages go through the outbox.
import { runDue } from '../src/attendance/schedule.js'
import { defineJob } from '../src/scheduler/job.js'
import { minuteKey } from '../src/attendance/jobs.js'

export default defineJob({
  name: 'session-open',
  schedule: () => '* * * * *',
  period: minuteKey,
  catchUp: { within: '5m' }, // the due-queries pick up anything older on the next run
  async run(ctx) {
    return `${await runDue(ctx, ctx.now, 'open')} 场`
  },
})
