// npm run bench [-- [--quick] [--tsx] [--seed=N] [--rates=R,…] [--connections=C,…] [--repeats=N] [--timelines=DIR] [name …]]
// Runs the benchmarks (all, or the named ones), prints one table — figure, baseline, ratio, goal,
// pass/fail — and writes the results with the machine's description. A full run of every
// benchmark writes bench/results/latest.json and latest.md (commit these); quick or partial runs
// write bench/.cache/last-run.json instead. Benchmarks report; no test depends on them.
// Each benchmark runs in a fresh process of its own (bench/lib/one-bench.ts).
// The bot and load child processes run compiled JS, as production does; --tsx runs them from the
// TypeScript sources through tsx instead (as `npm start` does).
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { BENCHES } from './lib/benches.js'
import { benchOptions, compileChildren, runIsolated, type BenchOptions, type Row } from './lib/common.js'
import { cpuTimes, stealPercent } from './lib/cpu-steal.js'
import { markdownTable, textTable } from './lib/table.js'

export function machine() {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  }
}

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const seedArg = args.find((a) => a.startsWith('--seed='))
  const names = args.filter((a) => !a.startsWith('--'))
  const unknown = names.filter((n) => !BENCHES[n])
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
  const selected = names.length ? names : Object.keys(BENCHES)
  const options: BenchOptions = benchOptions(quick, seedArg ? Number(seedArg.slice(7)) : undefined)
  let tuned: boolean
  try {
    const strange = args.filter((a) => a.startsWith('--') && !FLAGS.some((f) => (f.endsWith('=') ? a.startsWith(f) : a === f)))
    if (strange.length) throw new Error(`unknown option(s): ${strange.join(', ')}; the runner takes ${FLAGS.map((f) => (f.endsWith('=') ? `${f}…` : f)).join(' ')}`)
    tuned = tuneCallback(options, args)
    if (tuned && !selected.includes('callback')) throw new Error('--rates, --connections, --repeats and --timelines are the callback benchmark\'s; name it (or run all)')
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
  const m = machine()
  console.log(`study-bot benchmarks${quick ? ' (quick)' : ''}: ${selected.join(', ')}`)
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, load average ${m.loadAverageAtStart.join(' ')}`)
  const started = performance.now()
  const children = ['callback', 'resources', 'crash'].filter((n) => selected.includes(n))
  if (children.length && !args.includes('--tsx')) compileChildren((line) => console.log(line))
  const rows: Row[] = []
  const timings: Record<string, number> = {}
  const steal: Record<string, number> = {}
  for (const name of selected) {
    const b = BENCHES[name]!
    console.log(`\n▶ ${b.title}`)
    const t0 = performance.now()
    const cpu0 = cpuTimes()
    try {
      // Each benchmark in a fresh process of its own (bench/lib/one-bench.ts).
      const got = await runIsolated(name, options)
      rows.push(...got)
    } catch (err) {
      console.error(err)
      rows.push({ bench: name, figure: b.title, value: `error: ${err instanceof Error ? err.message : String(err)}`, unit: '', goal: '', pass: false })
    }
    timings[name] = Math.round((performance.now() - t0) / 100) / 10
    const stolen = stealPercent(cpu0, cpuTimes())
    if (stolen !== undefined) steal[name] = stolen
    console.log(`  (${timings[name]} s${stolen === undefined ? '' : `; CPU steal ${stolen}%`})`)
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10
  console.log('\n' + textTable(rows))
  const failed = rows.filter((r) => r.pass === false).length
  console.log(`\n${rows.length} figures, ${rows.filter((r) => r.pass).length} pass, ${failed} fail, ${rows.filter((r) => r.pass === null).length} reported only — ${seconds} s`)

  const full = !quick && !tuned && selected.length === Object.keys(BENCHES).length
  const result = { date: new Date().toISOString(), commit: commit(), quick, selected, children: args.includes('--tsx') ? 'tsx' : 'compiled JS', options, machine: m, seconds, timings, steal, rows }
  const dir = new URL(full ? './results/' : './.cache/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  const file = new URL(full ? 'latest.json' : 'last-run.json', dir)
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n')
  if (full) writeFileSync(new URL('latest.md', dir), markdownTable(rows, m, result.date, seconds, steal) + '\n')
  console.log(`written: ${file.pathname}`)
  // The suite reports; a missed goal is a finding, not a crash. Exit 0 unless a benchmark broke.
  process.exit(rows.some((r) => typeof r.value === 'string' && r.value.startsWith('error:')) ? 1 : 0)
}

/** Flags this runner knows; any other `--…` is a typo, refused rather than silently ignored. */
const FLAGS = ['--quick', '--tsx', '--seed=', '--rates=', '--connections=', '--repeats=', '--timelines=']

/**
 * The callback benchmark's flags, for looking into one figure: `--rates=1000 --connections=64
 * --repeats=5` runs only those, `--timelines=DIR` keeps every open-loop run's per-request latencies
 * (`<kind>-<rate>-round<n>.json`: [ms since the measured part began, latency in ms], in send order).
 * Returns whether any was given (such a run is never written as the full run's results); throws
 * with the reason on a bad value.
 */
function tuneCallback(options: BenchOptions, args: string[]): boolean {
  const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  const numbers = (name: string): number[] | undefined => {
    const text = value(name)
    if (text === undefined) return undefined
    const list = text.split(',').map(Number)
    if (!list.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--${name} wants positive whole numbers, not ${text}`)
    return list
  }
  const c = options.callback
  const rates = numbers('rates')
  const connections = numbers('connections')
  const repeats = numbers('repeats')
  const timelines = value('timelines')
  if (repeats && repeats.length !== 1) throw new Error(`--repeats wants one number, not ${value('repeats')}`)
  if (rates) c.rates = rates
  if (connections) c.connections = connections
  if (repeats) c.repeats = repeats[0]!
  if (timelines) c.timelineDir = resolve(timelines)
  return Boolean(rates || connections || repeats || timelines)
}

void main()
