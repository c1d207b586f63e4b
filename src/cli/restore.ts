// npm run restore -- <backup.db>: replaces the SQLite database with a checked backup. Stop the bot first.
import { loadConfig } from '../config.js'
import { restoreSqlite } from '../db/backup.js'

const config = loadConfig()
const source = process.argv[2]
if (!source) {
  console.error('用法：npm run restore -- data/backups/study-bot-….db   （请先停止机器人）')
  process.exit(2)
}
if (!config.databaseUrl.startsWith('sqlite:')) {
  console.error('PostgreSQL：请使用 pg_restore 恢复，例如 pg_restore -c -d "$DATABASE_URL" study-bot.dump')
  process.exit(2)
}
const target = config.databaseUrl.replace(/^sqlite:(\/\/)?/, '')
const { previous } = restoreSqlite(source, target)
console.log(`已恢复：${source} → ${target}${previous ? `（原文件保留为 ${previous}）` : ''}`)
