// npm run backup [-- path]: an online copy of the SQLite database (default ./data/backups/study-bot-<time>.db).
import { join } from 'node:path'
import { systemClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { backupFileName, backupSqlite } from '../db/backup.js'
import { createDb } from '../db/create-db.js'

const config = loadConfig()
if (!config.databaseUrl.startsWith('sqlite:')) {
  console.error('PostgreSQL：请使用 pg_dump 备份，例如 pg_dump -Fc "$DATABASE_URL" > study-bot.dump')
  process.exit(2)
}
const dbh = createDb(config.databaseUrl)
const target = process.argv[2] ?? join(config.jobs.backupDir, backupFileName(systemClock.now()))
try {
  const { path, bytes } = await backupSqlite(dbh, target)
  console.log(`备份完成：${path}（${(bytes / 1024).toFixed(0)} KB）`)
} finally {
  await dbh.close()
}
