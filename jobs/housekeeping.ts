// Daily 03:30 (JOB_HOUSEKEEPING): retention of raw inbound bodies (RETENTION_DAYS) and an online
// SQLite backup into BACKUP_DIR keeping the last BACKUP_KEEP (after the commit, outside the transaction).
import { backupInto, clearOldBodies, pruneJobRuns } from '../src/housekeeping/housekeeping.js'
import { defineJob } from '../src/scheduler/job.js'
import { dayKey } from '../src/time.js'

export default defineJob({
  name: 'housekeeping',
  schedule: (config) => config.jobs.housekeeping,
  period: (at, tz) => dayKey(at, tz),
  catchUp: { within: '20h' },
  async run(ctx) {
    const { retentionDays, backupDir, backupKeep } = ctx.config.jobs
    const before = new Date(ctx.now.getTime() - retentionDays * 86_400_000)
    const cleared = await clearOldBodies(ctx.db, before)
    await pruneJobRuns(ctx.db, before)
    ctx.afterCommit(async () => {
      const file = await backupInto(ctx.dbh, backupDir, ctx.now, backupKeep)
      if (file) ctx.log.info({ file }, 'database backed up')
    })
    return `清理 ${cleared} 条原始消息`
  },
})
