// Monday 08:00 (JOB_ADMIN_DIGEST): each admin privately receives last week's digest — a summary,
// a trend chart (PNG, rendered without a browser) and the week's .xlsx.
import { renderTrendPng } from '../src/digest/chart.js'
import { compileDigest } from '../src/digest/digest.js'
import { digestChart, digestMarkdown, digestWorkbook } from '../src/digest/render.js'
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
  async run(ctx) {
    const tz = ctx.config.timezone
    const admins = await adminIds(ctx.db, ctx.config.adminUserIds)
    if (admins.length === 0) return '没有管理员'
    const week = shiftWeek(ctx.period, -1, tz)
    const digest = await compileDigest(ctx.db, ctx.config, week, ctx.now)
    const content = digestMarkdown(digest, tz)
    const png = (await renderTrendPng(digestChart(digest), ctx.config.jobs.fontCacheDir)).toString('base64')
    const xlsx = (await digestWorkbook(digest)).toString('base64')
    for (const admin of admins) {
      const key = `admin-digest:${week}:${admin}`
      await ctx.outbox.enqueue(ctx.db, { to: toUser(admin), message: { type: 'markdown', content }, key: `${key}:text` })
      await ctx.outbox.enqueue(ctx.db, { to: toUser(admin), message: { type: 'image', base64: png }, key: `${key}:chart` })
      await ctx.outbox.enqueue(ctx.db, { to: toUser(admin), message: { type: 'file', filename: `学习周报-${week}.xlsx`, base64: xlsx }, key: `${key}:xlsx` })
    }
    return `${admins.length} 位管理员`
  },
})
