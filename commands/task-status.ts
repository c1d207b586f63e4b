import { defineCommand, noArgs } from '../src/bot/command.js'
import { t } from '../src/i18n/index.js'
import { latestRun, runsSince } from '../src/scheduler/runs.js'
import { hhmm, shortDate } from '../src/time.js'
import { jobs } from '../jobs/index.js'

const STATUS = { running: '进行中', done: '已完成', failed: '失败', skipped: '已跳过' } as const

export default defineCommand({
  name: 'task-status',
  aliases: ['任务 状态'],
  summary: 'cmd.task-status.summary',
  usage: 'cmd.task-status.usage',
  scope: 'any',
  role: 'admin',
  parse: noArgs,
  async run(ctx) {
    const tz = ctx.config.timezone
    const at = (iso: string) => `${shortDate(new Date(iso), tz)} ${hhmm(new Date(iso), tz)}`
    const lines = [t('jobs.status.title')]
    for (const job of jobs) {
      const run = await latestRun(ctx.db, job.name)
      const last = run ? t('jobs.status.last', { period: run.period, status: STATUS[run.status], at: at(run.scheduled_at), note: run.error ?? '' }) : t('jobs.status.never')
      lines.push(t('jobs.status.line', { job: t(`jobs.name.${job.name}` as 'jobs.name.reminders'), schedule: job.schedule(ctx.config), last }))
    }
    const problems = await runsSince(ctx.db, new Date(ctx.now.getTime() - 30 * 86_400_000), ['skipped', 'failed'])
    if (problems.length) {
      lines.push(t('jobs.status.problems'))
      for (const r of problems.slice(0, 15)) lines.push(t('jobs.status.problem', { job: r.job, period: r.period, status: STATUS[r.status], at: at(r.scheduled_at), error: r.error ?? '' }))
    }
    return lines.join('\n')
  },
})
