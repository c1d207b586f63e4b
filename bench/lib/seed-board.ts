// Seeds the leaderboard database: G groups, M members (M/G per group), E point events over the 26
// weeks up to Sunday 2026-11-29 20:00 Asia/Shanghai, with running totals (point_totals,
// group_point_totals) consistent with the events, the daily check-ins behind the check-in events,
// chats, users and memberships. Straight through better-sqlite3: prepared statements, big
// transactions, rows in index order. The file is cached under bench/.cache/ (git-ignored) by a
// version string and the sizes, so reruns skip seeding; the product's migrations run on every open.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import { createDb, type Db } from '../../src/db/create-db.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { carryForGroup } from '../../src/points/previous.js'
import { dayKey, monthKey, shiftPeriodKey, weekKey, yearKey } from '../../src/time.js'
import { rng } from './common.js'

/** Bump when the seeded content changes. */
export const SEED_VERSION = 'board-v1'
export const TZ = 'Asia/Shanghai'
/** Sunday 2026-11-29 20:00 Asia/Shanghai: the weekly push of week 2026-W48. */
export const BOARD_NOW = new Date('2026-11-29T12:00:00Z')
export const BOARD_WEEK = '2026-W48'
const DAYS = 26 * 7
/** Local midnight of Monday 2026-06-01 in Asia/Shanghai (UTC+8, no DST). */
const FIRST_DAY_MS = Date.UTC(2026, 5, 1) - 8 * 3600_000
const EVENTS_PER_DAY = 5

export interface BoardSizes {
  groups: number
  members: number
  events: number
}

export const chatOf = (g: number) => `g${String(g).padStart(5, '0')}`
export const userOf = (i: number) => `u${String(i).padStart(7, '0')}`
export const groupOfMember = (i: number, s: BoardSizes) => Math.floor((i * s.groups) / s.members)

export function cachePath(s: BoardSizes): string {
  const dir = fileURLToPath(new URL('../.cache/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  return `${dir}${SEED_VERSION}-${s.groups}g-${s.members}m-${s.events}e.db`
}

/** Opens the seeded database (seeding it first when it is not cached). */
export async function openBoardDb(s: BoardSizes, log: (line: string) => void): Promise<{ dbh: Db; path: string; seededNow: boolean; seedSeconds?: number }> {
  const path = cachePath(s)
  let seedSeconds: number | undefined
  if (!existsSync(path)) {
    log(`  seeding ${s.groups.toLocaleString()} groups, ${s.members.toLocaleString()} members, ${s.events.toLocaleString()} point events → ${path}`)
    const t0 = performance.now()
    await seed(path, s, log)
    seedSeconds = (performance.now() - t0) / 1000
    log(`  seeded in ${seedSeconds.toFixed(1)} s`)
  }
  const dbh = createDb(`sqlite:${path}`)
  await migrateToLatest(dbh.db)
  return { dbh, path, seededNow: seedSeconds !== undefined, seedSeconds }
}

interface DayInfo {
  startMs: number
  day: string
  week: string
  month: string
  year: string
}

export async function seed(path: string, s: BoardSizes, log: (line: string) => void): Promise<void> {
  const tmp = `${path}.partial`
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true })
  const schema = createDb(`sqlite:${tmp}`)
  await migrateToLatest(schema.db)
  await schema.close()

  const db = new SqliteDatabase(tmp)
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -400000')
  db.pragma('temp_store = MEMORY')
  const days: DayInfo[] = Array.from({ length: DAYS }, (_, d) => {
    const startMs = FIRST_DAY_MS + d * 86_400_000
    const noon = new Date(startMs + 12 * 3600_000)
    return { startMs, day: dayKey(noon, TZ), week: weekKey(noon, TZ), month: monthKey(noon, TZ), year: yearKey(noon, TZ) }
  })
  if (days[DAYS - 1]!.week !== BOARD_WEEK) throw new Error(`seed calendar is off: last week ${days[DAYS - 1]!.week}`)
  const at0 = BOARD_NOW.toISOString()
  const rand = rng(7)

  const insChat = db.prepare(`insert into chats (chat_id, type, name, first_seen_at, last_seen_at, webhook_key, longconn_ok, last_push_at) values (?, 'group', ?, ?, ?, null, 0, null)`)
  const insUser = db.prepare(`insert into users (userid, name, first_seen_at) values (?, ?, ?)`)
  const insMember = db.prepare(`insert into memberships (chat_id, userid, role, joined_at, left_at) values (?, ?, 'member', ?, null)`)
  // Secondary indexes are dropped while loading and rebuilt at the end (one sort each).
  const tables = ['point_events', 'point_totals', 'group_point_totals', 'att_checkins', 'memberships', 'users', 'chats']
  const indexes = db
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(',')})`)
    .all(...tables) as { name: string; sql: string }[]
  for (const ix of indexes) db.exec(`drop index "${ix.name}"`)
  const insEvent = batcher(db, `insert into point_events (award_key, userid, chat_id, rule, points, at, day, week, month, detail) values `, '(?, ?, ?, ?, ?, ?, ?, ?, ?, null)', 9)
  const insCheckin = batcher(db, `insert into att_checkins (chat_id, userid, day, at, note, source) values `, "(?, ?, ?, ?, null, 'self')", 4)
  const insTotal = batcher(db, `insert into point_totals (chat_id, userid, period, points, events, name) values `, '(?, ?, ?, ?, ?, ?)', 6)
  const insGroupTotal = db.prepare(`insert into group_point_totals (chat_id, period, points, members) values (?, ?, ?, ?)`)

  const perMember = Math.floor(s.events / s.members)
  const extra = s.events - perMember * s.members // the first `extra` members get one more
  let member = 0
  let written = 0
  let lastLog = performance.now()
  for (let g = 0; g < s.groups; g++) {
    const chat = chatOf(g)
    const groupTotals = new Map<string, { points: number; members: number }>()
    db.transaction(() => {
      insChat.run(chat, `第${g + 1}党支部`, at0, at0)
      for (; member < s.members && groupOfMember(member, s) === g; member++) {
        const user = userOf(member)
        const name = `成员${member + 1}`
        insUser.run(user, name, at0)
        insMember.run(chat, user, at0)
        const n = perMember + (member < extra ? 1 : 0)
        const activeDays = pickDays(Math.ceil(n / EVENTS_PER_DAY), rand)
        const totals = new Map<string, { points: number; events: number }>()
        let left = n
        for (const d of activeDays) {
          const info = days[d]!
          let minute = 7 * 60 + Math.floor(rand() * 60)
          for (let j = 0; j < EVENTS_PER_DAY && left > 0; j++, left--) {
            const checkin = j === 0
            const points = checkin ? 1 : 1 + Math.floor(rand() * 3)
            const at = new Date(info.startMs + minute * 60_000).toISOString()
            minute += 1 + Math.floor(rand() * 90)
            insEvent.run(`s:${chat}:${user}:${String(d).padStart(3, '0')}:${j}`, user, chat, checkin ? 'checkin.daily' : 'quiz.answer', points, at, info.day, info.week, info.month)
            if (checkin) insCheckin.run(chat, user, info.day, at)
            for (const period of ['all', info.year, info.month, info.week]) {
              const t = totals.get(period) ?? { points: 0, events: 0 }
              t.points += points
              t.events += 1
              totals.set(period, t)
            }
            written++
          }
        }
        for (const [period, t] of totals) {
          insTotal.run(chat, user, period, t.points, t.events, name)
          const gt = groupTotals.get(period) ?? { points: 0, members: 0 }
          gt.points += t.points
          gt.members += 1
          groupTotals.set(period, gt)
        }
      }
      for (const [period, t] of groupTotals) insGroupTotal.run(chat, period, t.points, t.members)
      insEvent.flush()
      insCheckin.flush()
      insTotal.flush()
    })()
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now()
      log(`    ${written.toLocaleString()} events…`)
    }
  }
  log(`    rebuilding ${indexes.length} indexes…`)
  for (const ix of indexes) db.exec(ix.sql)
  db.pragma('journal_mode = WAL')
  db.close()
  // The standing in the period before, as the ledger keeps it, on the totals a board can show (the
  // latest week, month and year): the ledger's own statement, one group at a time.
  log('    carrying last period’s standing…')
  const last = days[DAYS - 1]!
  const before = [last.week, last.month, last.year].map((k) => shiftPeriodKey(k, -1)!)
  const dbh = createDb(`sqlite:${tmp}`)
  await dbh.db.transaction().execute(async (trx) => {
    for (let g = 0; g < s.groups; g++) await carryForGroup(trx, chatOf(g), before)
  })
  await dbh.close()
  renameSync(tmp, path)
}

/** Multi-row INSERT: rows are buffered and written `per` at a time with one prepared statement. */
function batcher(db: SqliteDatabase.Database, head: string, tuple: string, width: number, per = 100) {
  const full = db.prepare(head + Array.from({ length: per }, () => tuple).join(', '))
  let buf: unknown[] = []
  return {
    run(...values: unknown[]) {
      if (values.length !== width) throw new Error('batcher: wrong number of values')
      buf.push(...values)
      if (buf.length === per * width) {
        full.run(buf)
        buf = []
      }
    },
    flush() {
      if (buf.length === 0) return
      const rows = buf.length / width
      db.prepare(head + Array.from({ length: rows }, () => tuple).join(', ')).run(buf)
      buf = []
    },
  }
}

/** k distinct day indices out of the 26 weeks, ascending. */
function pickDays(k: number, rand: () => number): number[] {
  const chosen = new Set<number>()
  while (chosen.size < Math.min(k, DAYS)) chosen.add(Math.floor(rand() * DAYS))
  return [...chosen].sort((a, b) => a - b)
}
