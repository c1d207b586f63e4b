// npm run import-questions -- 题库.xlsx [更多文件…]: imports question files (.xlsx/.csv/.json, see
// /题库 模板) into DATABASE_URL with a progress bar, then prints the report (bad rows with their
// row numbers and reasons, duplicates skipped). Exit code 1 when a file could not be read.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import cliProgress from 'cli-progress'
import { loadConfig } from '../config.js'
import { createDb } from '../db/create-db.js'
import { migrateToLatest } from '../db/migrate.js'
import { UserError } from '../errors.js'
import { t } from '../i18n/index.js'
import { systemClock } from '../clock.js'
import { importQuestionFile } from '../quiz/import-file.js'
import { formatReport } from '../quiz/report.js'

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'))
if (files.length === 0) {
  console.error(t('bank.cli.usage'))
  process.exit(2)
}
const config = loadConfig()
const dbh = createDb(config.databaseUrl)
let failed = false
try {
  await migrateToLatest(dbh.db)
  for (const path of files) {
    const bar = new cliProgress.SingleBar({ format: `${basename(path)} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic)
    try {
      const bytes = readFileSync(path)
      let started = false
      const report = await dbh.db.transaction().execute((trx) =>
        importQuestionFile(trx, { filename: basename(path), bytes }, {
          now: systemClock.now(),
          source: `cli:${basename(path)}`,
          onProgress: (done, total) => {
            if (!started) bar.start(total, 0), (started = true)
            bar.update(done)
          },
        }),
      )
      bar.stop()
      console.log(formatReport(report, 1000).replace(/\*\*/g, ''))
    } catch (err) {
      bar.stop()
      failed = true
      console.error(err instanceof UserError ? t(err.code, err.params) : t('bank.cli.failed', { file: path, reason: (err as Error).message }))
    }
  }
} finally {
  await dbh.close()
}
process.exit(failed ? 1 : 0)
