// npm run import-plan -- plan.xlsx|plan.csv [--dry-run]: loads the study plan (学习计划) into the
// assignments table. Every row is checked first; with any problem nothing is written.
import { readFileSync } from 'node:fs'
import { systemClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { createDb } from '../db/create-db.js'
import { migrateToLatest } from '../db/migrate.js'
import { importPlan, PlanFileError, readPlanFile, validatePlan } from '../plans/plan-file.js'

const args = process.argv.slice(2)
const file = args.find((a) => !a.startsWith('--'))
const dryRun = args.includes('--dry-run')
if (!file) {
  console.error('用法：npm run import-plan -- 学习计划.xlsx|学习计划.csv [--dry-run]\n示例文件：src/plans/sample-plan.csv')
  process.exit(2)
}

const config = loadConfig()
const dbh = createDb(config.databaseUrl)
try {
  await migrateToLatest(dbh.db)
  const rows = await readPlanFile(readFileSync(file), file)
  const now = systemClock.now()
  const { items, problems } = await validatePlan(dbh.db, rows, now, config.timezone)
  if (problems.length) {
    console.error(`学习计划有 ${problems.length} 处问题，未导入任何内容：`)
    for (const p of problems) console.error(`  第 ${p.line} 行：${p.problem}`)
    process.exitCode = 1
  } else if (dryRun) {
    console.log(`检查通过：${items.length} 条（--dry-run，未写入）。`)
  } else {
    const result = await dbh.db.transaction().execute((trx) => importPlan(trx, items, { userid: 'cli', at: now }))
    console.log(`已导入学习计划：新增 ${result.added} 条，更新 ${result.replaced} 条。`)
  }
} catch (err) {
  if (err instanceof PlanFileError) {
    console.error('文件缺少表头：第一行至少要有“周次”和“标题”两列（参考 src/plans/sample-plan.csv）。')
    process.exitCode = 1
  } else throw err
} finally {
  await dbh.close()
}
