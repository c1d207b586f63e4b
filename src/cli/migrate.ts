// npm run migrate: applies every pending migration to DATABASE_URL (or the default SQLite file).
import { loadConfig } from '../config.js'
import { createDb } from '../db/create-db.js'
import { migrateToLatest } from '../db/migrate.js'

const config = loadConfig()
const dbh = createDb(config.databaseUrl)
try {
  const result = await migrateToLatest(dbh.db)
  const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? []
  console.log(applied.length ? `已执行迁移：\n  ${applied.join('\n  ')}` : '数据库已是最新，无需迁移。')
} finally {
  await dbh.close()
}
