// Benchmark: checking a 2,000-character note against 100,000 stored notes through the LSH index
// (src/notes/check.ts), versus a brute-force scan of every note. Generates its own corpus.
//   npx tsx bench/notes-similarity.ts [notes=100000]     (also run by `npm run bench notes`)
// The corpus is bulk-loaded with prepared statements (setup, not what is measured). The output
// lines "索引检查 · …" and "暴力逐篇比对 · …" are parsed by bench/notes.ts: keep their format.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createDb } from '../src/db/create-db.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { checkNote, FLAG_COVERAGE, VERIFY_CANDIDATES } from '../src/notes/check.js'
import { findCandidates } from '../src/notes/index-store.js'
import { lshBuckets, overlap } from '../src/notes/similarity.js'

const N = Number(process.argv[2] ?? 100_000)
const RUNS = 30

// Deterministic pseudo-random numbers (mulberry32).
let seed = 20261123
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!

// Study-reflection vocabulary: the stock phrases real notes share make the index work for its living.
const WORDS = (
  '学习 贯彻 落实 调查研究 理论 实践 群众 基层 工作 问题 思想 认识 体会 收获 反思 提高 能力 作风 责任 担当 ' +
  '深入 扎实 推动 发展 服务 社区 企业 窗口 办事 效率 制度 规范 党员 干部 带头 示范 初心 使命 为民 务实 ' +
  '清单 整改 台账 走访 座谈 调研 报告 材料 读书 笔记 心得 分享 交流 讨论 总结 计划 目标 任务 措施 办法 ' +
  '今后 下一步 首先 其次 同时 通过 对照 结合 围绕 聚焦 坚持 注重 加强 改进 完善 建立 健全 形成 转化 解决 ' +
  '我 我们 自己 大家 同事 科室 单位 老人 居民 家长 学生 孩子 农户 商户 项目 数据 问卷 电话 现场 一线 ' +
  '真正 切实 认真 仔细 主动 及时 持续 不断 逐步 努力 更加 进一步 实实在在 一步一个脚印 久久为功 见行见效'
).split(' ')
const GLUE = ['的', '了', '和', '在', '把', '要', '是', '也', '都', '就', '还', '让', '对', '从', '向']
const PUNCT = ['，', '，', '，', '；', '。', '。', '！', '：']

function sentence(): string {
  const parts: string[] = []
  const n = 6 + Math.floor(rand() * 10)
  for (let i = 0; i < n; i++) parts.push(rand() < 0.35 ? pick(GLUE) + pick(WORDS) : pick(WORDS))
  return parts.join('') + pick(PUNCT)
}

function note(minChars: number, maxChars: number): string {
  const target = minChars + Math.floor(rand() * (maxChars - minChars))
  let s = ''
  while (s.length < target) s += sentence()
  return s
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'notes-bench-'))
  const dbh = createDb(`sqlite:${join(dir, 'bench.db')}`)
  const db = dbh.db
  await migrateToLatest(db)
  const at = new Date('2026-11-23T01:00:00Z').toISOString()
  // Same rows as submitNote + indexDocument write, through better-sqlite3 directly for speed.
  const sqlite = dbh.sqlite!
  sqlite.pragma('synchronous = OFF') // setup only; restored before measuring
  const insertNote = sqlite.prepare(
    `insert into notes (id, chat_id, userid, week, content, chars, status, created_at, updated_at) values (?, ?, ?, '2026-W48', ?, ?, 'accepted', ?, ?)`,
  )
  const insertBucket = sqlite.prepare(`insert or ignore into note_index (bucket, doc_kind, doc_id) values (?, 'note', ?)`)
  const load = sqlite.transaction((notes: { id: number; content: string }[], rows: (readonly [number, number])[]) => {
    for (const n of notes) insertNote.run(n.id, `g${n.id % 40}`, `u${n.id % 3000}`, n.content, n.content.length, at, at)
    for (const [bucket, id] of rows) insertBucket.run(bucket, id)
  })
  console.log(`生成语料并建立索引：${N.toLocaleString()} 篇笔记（每篇 200–800 字）…`)
  let t0 = performance.now()
  let indexRows = 0
  let totalChars = 0
  const BATCH = 500
  for (let start = 1; start <= N; start += BATCH) {
    const notes = Array.from({ length: Math.min(BATCH, N - start + 1) }, (_, i) => ({ id: start + i, content: note(200, 800) }))
    const rows = notes.flatMap((n) => lshBuckets(n.content, 'store').map((bucket) => [bucket, n.id] as const))
    indexRows += rows.length
    load(notes, rows)
    totalChars += notes.reduce((s, n) => s + n.content.length, 0)
    if ((start - 1) % 20_000 === 0 && start > 1) console.log(`  ${(start - 1).toLocaleString()} 篇…`)
  }
  console.log(`  完成：${N.toLocaleString()} 篇，${totalChars.toLocaleString()} 字，索引 ${indexRows.toLocaleString()} 行，用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`)

  sqlite.pragma('synchronous = NORMAL')
  // Queries: an honest 2,000-character note, and one stitched from stored notes with every 20th
  // character changed, after a short opening of its own.
  const honest = note(2000, 2001).slice(0, 2000)
  const sources = await db.selectFrom('notes').select(['id', 'content']).where('id', 'in', [N - 7, Math.floor(N / 2), 42, 7]).execute()
  const stitched = sources.map((s) => [...s.content].map((c, i) => (i % 20 === 19 ? '某' : c)).join('')).join('')
  const copied = (note(150, 151) + stitched + note(2000, 2001)).slice(0, 2000)
  console.log(`抄袭样本取自笔记 ${sources.map((s) => '#' + s.id).join('、')}`)

  for (const [label, text] of [['原创 2000 字笔记', honest], ['含抄袭段落的 2000 字笔记', copied]] as const) {
    const times: number[] = []
    let finding
    for (let i = 0; i < RUNS + 3; i++) {
      t0 = performance.now()
      finding = await checkNote(db, { text, at: new Date(at) })
      if (i >= 3) times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]!
    const p95 = times[Math.floor(times.length * 0.95)]!
    const verdict = finding ? `标记：与笔记 #${finding.ref} 等 ${finding.extraSources + 1} 篇重合 ${finding.overlap}%` : '未标记'
    console.log(`索引检查 · ${label}：中位数 ${median.toFixed(1)} ms，p95 ${p95.toFixed(1)} ms，最大 ${times[times.length - 1]!.toFixed(1)} ms（${RUNS} 次）→ ${verdict}`)
    t0 = performance.now()
    const buckets = lshBuckets(text, 'query')
    const tLsh = performance.now() - t0
    t0 = performance.now()
    const candidates = await findCandidates(db, text, { limit: VERIFY_CANDIDATES })
    const tLookup = performance.now() - t0
    console.log(`    其中：计算 ${buckets.length} 个 LSH 桶 ${tLsh.toFixed(1)} ms（查找时还会再算一次）；查索引 ${tLookup.toFixed(1)} ms，得到 ${candidates.length} 个候选（最多命中 ${candidates[0]?.hits ?? 0} 个桶）`)
  }

  // Brute force: read every stored note and compare exactly.
  t0 = performance.now()
  let best = { id: 0, coverage: 0 }
  const PAGE = 10_000
  for (let from = 0; from < N; from += PAGE) {
    const rows = await db.selectFrom('notes').select(['id', 'content']).where('id', '>', from).where('id', '<=', from + PAGE).execute()
    for (const r of rows) {
      const c = overlap(copied, r.content).coverage
      if (c > best.coverage) best = { id: r.id, coverage: c }
    }
  }
  const brute = performance.now() - t0
  // Only the single best note is reported here (the stitched sample has several sources).
  console.log(`暴力逐篇比对 · 含抄袭段落的 2000 字笔记：${brute.toFixed(0)} ms → 最高重合：笔记 #${best.id} ${(best.coverage * 100).toFixed(0)}%（阈值 ${FLAG_COVERAGE * 100}%）`)
  await dbh.close()
  rmSync(dir, { recursive: true, force: true })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
