// Monday 08:00 (JOB_ADMIN_DIGEST): each admin privately receives last week's digest — a summary,
// a trend chart (PNG, rendered without a browser) and the week's .xlsx. Built in a worker thread
// over a SQLite file, so the bot keeps answering while it compiles (src/digest/off-thread.ts).
import { buildDigestFiles } from '../src/digest/off-thread.js'
import { adminIds } from '../src/members/members.js'
import { toUser } from '../src/outbox/outbox.js'
import { shiftWeek } from '../src/plans/weeks.js'
import { defineJob } from '../src/scheduler/job.js'
import { weekKey } from '../src/time.js'

export default defineJob({
  name: 'admin-digest',
  schedule: (config) => config.jobs.adminDigest,
  period: (at, tz) => weekKey(at, tz),
  catchUp: { within: '2d' },
  // Built before the period is claimed, outside the claim's transaction (which on SQLite would hold
  // the only connection for the whole build).
  async prepare(ctx) {
    if ((await adminIds(ctx.db, ctx.config.adminUserIds)).length === 0) return undefined
    const week = shiftWeek(ctx.period, -1, ctx.config.timezone)
    const files = await buildDigestFiles(ctx.dbh, ctx.db, ctx.config, week, ctx.now, { job: ctx.job, period: ctx.period })
    ctx.log.info({ job: ctx.job, week, ms: files.ms }, 'admin digest built')
    return { week, files }
  },
  async run(ctx, prepared) {
    const admins = await adminIds(ctx.db, ctx.config.adminUserIds)
    if (!prepared || admins.length === 0) return '没有管理员'
    const { week, files } = prepared
    const content = files.markdown
    const png = files.png.toString('base64')
    const xlsx = files.xlsx.toString('base64')
    for (const admin of admins) {
      const key = `admin-digest:${week}:${admin}`
      await ctx.outbox.enqueue(ctx.db, { to: toUser(admin), message: { type: 'markdown', content }, key: `${key}:text` })
      await ctx.outbox.enqueue(ctx.db, { to: toUser(admin), message: { type: 'image', base64: png }, key: `${key}:chart` })
      await ctx.outbox.enqueue(ctx.db, { to: toUser(admin), message: { type: 'file', filename: `学习周报-${week}.xlsx`, base64: xlsx }, key: `${key}:xlsx` })
    }
    return `${admins.length} 位管理员`
  },
})
