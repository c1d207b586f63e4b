// npm run outbox -- [list [pending|sending|sent|dead|discarded|all]] | retry <id…|dead> | discard <id…>
// Operator view of the outbox: what is waiting, what gave up, and putting it right.
import { systemClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { createDb } from '../db/create-db.js'
import { migrateToLatest } from '../db/migrate.js'
import { countByStatus, discard, listOutbox, retryDead, type OutboxStatus } from '../outbox/manage.js'

const USAGE = `用法：
  npm run outbox                       各状态数量和最近失败的消息
  npm run outbox -- list [状态|all]     列出消息（pending sending sent dead discarded all，默认 dead）
  npm run outbox -- retry dead          把全部失败消息放回队列
  npm run outbox -- retry 12 15         把指定编号的失败消息放回队列
  npm run outbox -- discard 12 15       丢弃指定编号的消息（不再发送）`

class Usage extends Error {}

const STATUSES = ['pending', 'sending', 'sent', 'dead', 'discarded', 'all'] as const
const [command = 'summary', ...rest] = process.argv.slice(2)
const ids = rest.map(Number).filter((n) => Number.isInteger(n) && n > 0)

const config = loadConfig()
const dbh = createDb(config.databaseUrl)
try {
  await migrateToLatest(dbh.db)
  if (command === 'summary' || command === 'list') {
    const status = (rest[0] ?? 'dead') as OutboxStatus | 'all'
    if (!STATUSES.includes(status)) throw new Usage()
    if (command === 'summary') console.log('数量：', JSON.stringify(await countByStatus(dbh.db)))
    for (const r of await listOutbox(dbh.db, status)) {
      console.log(`#${r.id} ${r.status} → ${r.dest_kind}:${r.dest_id} 尝试 ${r.attempts} 次 ${r.created_at}  ${r.dedupe_key}${r.last_error ? `\n    ${r.last_error}` : ''}`)
    }
  } else if (command === 'retry') {
    if (rest[0] !== 'dead' && ids.length === 0) throw new Usage()
    console.log(`已放回队列：${await retryDead(dbh.db, systemClock.now(), rest[0] === 'dead' ? undefined : ids)} 条（运行中的机器人会在几秒内发送）`)
  } else if (command === 'discard') {
    if (ids.length === 0) throw new Usage()
    console.log(`已丢弃：${await discard(dbh.db, ids, 'discarded by operator')} 条`)
  } else {
    throw new Usage()
  }
} catch (err) {
  if (!(err instanceof Usage)) throw err
  console.error(USAGE)
  process.exitCode = 2
} finally {
  await dbh.close()
}

