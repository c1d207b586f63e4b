// 3 Notes similarity: runs H5's bench/notes-similarity.ts (which generates its own corpus and
// times src/notes/check.ts against a brute-force scan) as a child process and reads its figures.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { round, type Bench, type Row } from './lib/common.js'

const SCRIPT = fileURLToPath(new URL('./notes-similarity.ts', import.meta.url))

export const notesSimilarity: Bench = async (o, log) => {
  const unavailable = (why: string): Row[] => [
    { bench: 'notes', figure: `note check vs ${o.notes.count.toLocaleString()} notes`, value: 'not available', unit: '', goal: '< 50 ms and ≥ 100× faster', pass: null, note: why },
  ]
  if (!existsSync(SCRIPT)) return unavailable('bench/notes-similarity.ts (H5) is not in the tree')
  log(`  running bench/notes-similarity.ts ${o.notes.count}`)
  const { code, out } = await run(SCRIPT, [String(o.notes.count)])
  for (const line of out.split('\n')) if (line.trim()) log(`    ${line}`)
  if (code !== 0) return unavailable(`notes-similarity.ts exited with ${code}`)

  const checks = [...out.matchAll(/索引检查 · (.+?)：中位数 ([\d.]+) ms，p95 ([\d.]+) ms.*?→ (.+)/g)].map((m) => ({ label: m[1]!, median: Number(m[2]), p95: Number(m[3]), verdict: m[4]!.trim() }))
  const brute = /暴力逐篇比对 · .+?：([\d.]+) ms → 最高重合：笔记 #(\d+) (\d+)%（阈值 ([\d.]+)%）/.exec(out)
  const honest = checks.find((c) => c.label.startsWith('原创'))
  const copied = checks.find((c) => c.label.includes('抄袭'))
  if (!honest || !copied || !brute) return unavailable('the output of notes-similarity.ts was not recognised')

  const bruteMs = Number(brute[1])
  // H5's brute force reports the best SINGLE note; the copied sample is stitched from four notes,
  // so the flags are compared as: honest passes, copied is flagged, and both name the same top source.
  const indexFlagsCopied = copied.verdict.startsWith('标记')
  const indexFlagsHonest = honest.verdict.startsWith('标记')
  const indexSource = /#(\d+)/.exec(copied.verdict)?.[1]
  const sameFlags = indexFlagsCopied && !indexFlagsHonest && indexSource === brute[2]
  const worst = Math.max(honest.median, copied.median)
  return [
    {
      bench: 'notes',
      figure: `2,000-char note checked against ${o.notes.count.toLocaleString()} notes (median)`,
      value: round(worst, 1),
      unit: 'ms',
      baseline: { label: 'brute force, every note', value: round(bruteMs, 0), unit: 'ms' },
      ratio: bruteMs / copied.median,
      ratioLabel: '× faster',
      goal: '< 50 ms and ≥ 100× faster, same flags',
      pass: worst < 50 && bruteMs / copied.median >= 100 && sameFlags,
      note:
        `H5's script; honest note ${round(honest.median, 1)} ms (p95 ${round(honest.p95, 1)}), copied note ${round(copied.median, 1)} ms (p95 ${round(copied.p95, 1)}); ` +
        `flags: index ${indexFlagsHonest ? 'FLAGGED' : 'passed'} the honest note and ${indexFlagsCopied ? 'flagged' : 'MISSED'} the copied one, top source #${indexSource ?? '?'} vs brute force's best single note #${brute[2]} (${brute[3]}% on its own, threshold ${brute[4]}%; the sample is stitched from 4 notes) → ${sameFlags ? 'same verdicts' : 'DIFFERENT verdicts'} on the labelled pair`,
    },
  ]
}

function run(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.on('close', (code) => resolve({ code, out }))
  })
}
