// Shared pieces of the benchmarks: the result row, run options (full or --quick), a seeded
// random generator, percentiles, and forking child processes (compiled JS, or TypeScript through tsx).
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One line of the results table: a figure measured against its baseline in the same run. */
export interface Row {
  bench: string
  figure: string
  value: number | string
  unit: string
  baseline?: { label: string; value: number | string; unit?: string }
  /** value ÷ baseline (or baseline ÷ value where "× faster" reads better; see `ratioLabel`) */
  ratio?: number
  ratioLabel?: string
  goal: string
  /** null = reported only (no goal for this figure, or not measurable here) */
  pass: boolean | null
  note?: string
}

export interface BenchOptions {
  quick: boolean
  seed: number
  /** 1 callback pipeline (saturation: each kind's peak over these numbers of connections) */
  callback: {
    saturationSeconds: number
    connections: number[]
    openLoopSeconds: number
    warmupSeconds: number
    rates: number[]
    repeats: number
    /** a directory: each open-loop run writes its per-request latencies there (`--timelines=DIR`) */
    timelineDir?: string
  }
  /** 2 leaderboards (and the database of 5's digest) */
  board: { groups: number; members: number; events: number }
  /** 3 notes similarity (H5's script) */
  notes: { count: number }
  /** 4 outbox drain */
  outbox: { pushes: number; keys: number; failRate: number; scaleClean: number; scaleFaulty: number }
  /** 5 resources */
  resources: { rssSeconds: number; rate: number }
  /** 6 crash trials */
  crash: { runs: number; callbacks: number; concurrency: number }
}

export function benchOptions(quick: boolean, seed = 20261123): BenchOptions {
  return quick
    ? {
        quick,
        seed,
        callback: { saturationSeconds: 2, connections: [16, 64], openLoopSeconds: 2, warmupSeconds: 1, rates: [200, 1000], repeats: 1 },
        board: { groups: 100, members: 10_000, events: 1_000_000 },
        notes: { count: 10_000 },
        outbox: { pushes: 200, keys: 5, failRate: 0.3, scaleClean: 10, scaleFaulty: 240 },
        resources: { rssSeconds: 2, rate: 1000 },
        crash: { runs: 4, callbacks: 300, concurrency: 16 },
      }
    : {
        quick,
        seed,
        callback: { saturationSeconds: 8, connections: [16, 64], openLoopSeconds: 10, warmupSeconds: 2, rates: [200, 1000], repeats: 3 },
        board: { groups: 1000, members: 100_000, events: 10_000_000 },
        notes: { count: 100_000 },
        outbox: { pushes: 1000, keys: 5, failRate: 0.3, scaleClean: 10, scaleFaulty: 120 },
        resources: { rssSeconds: 10, rate: 1000 },
        crash: { runs: 20, callbacks: 2000, concurrency: 16 },
      }
}

export type Bench = (o: BenchOptions, log: (line: string) => void) => Promise<Row[]>

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let s = seed | 0
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** q in 0..1 of an ascending-sorted list (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]!
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits))

export function median(xs: number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5)
}

/**
 * A full garbage collection now, in a benchmark's own process or a load child (both run with
 * --expose-gc), before each load phase (runLoad, load.ts): their garbage from seeding or preparing
 * requests was otherwise collected at some moment of the run — on this 2-core machine a 64 ms
 * collection in the benchmark's own process took a core from the bot in the middle of an open loop,
 * and requests that arrived then waited up to 52 ms (`--timelines`, with every thread's GCs logged).
 */
export function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** Where `compileChildren` puts the compiled project (git-ignored). */
const COMPILED = fileURLToPath(new URL('../.cache/dist/', import.meta.url))
let compiled = false

/**
 * Compiles the project (src, bench, test support) to plain JS once per run, so that the bot and
 * load children run as production does (`npm run build && npm run start:prod`: no TypeScript
 * loader, whose transpiler and source maps cost memory and start-up time).
 */
export function compileChildren(log: (line: string) => void): void {
  const t0 = Date.now()
  const root = fileURLToPath(new URL('../../', import.meta.url))
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', COMPILED, '--sourceMap', 'false'], { stdio: 'inherit' })
  compiled = true
  log(`compiled the bench children to ${COMPILED} in ${Math.round((Date.now() - t0) / 1000)} s`)
}

/** In a benchmark's own process (one-bench.ts): the parent compiled the children already. */
export function useCompiledChildren(): void {
  compiled = true
}

/**
 * Runs one benchmark in a process of its own (one-bench.ts, through tsx like `npm run bench`) and
 * resolves with its rows; its progress lines go to this process's stdout.
 */
export async function runIsolated(name: string, options: BenchOptions): Promise<Row[]> {
  const child = fork(fileURLToPath(new URL('./one-bench.ts', import.meta.url)), [name, JSON.stringify(options), compiled ? 'compiled' : ''], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  // The longest benchmark (the outbox drain with failures) runs for ~20 minutes.
  const answer = await nextMessage<{ rows: Row[] }>(child, (m) => m?.type === 'rows', 3 * 3_600_000)
  await waitExit(child)
  return answer.rows
}

/**
 * Forks a bench/lib file as a child process with an IPC channel: its compiled JS after
 * `compileChildren`, else the TypeScript source through the tsx loader.
 */
export function forkTs(file: string, args: string[] = [], opts: { silent?: boolean; nodeFlags?: string[] } = {}): ChildProcess {
  const source = fileURLToPath(new URL(file, import.meta.url))
  const path = compiled ? join(COMPILED, 'bench/lib', file.replace(/\.ts$/, '.js')) : source
  return fork(path, args, {
    // BENCH_NODE_ARGS adds Node flags to every child, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'.
    execArgv: [...(compiled ? [] : ['--import', 'tsx']), ...(opts.nodeFlags ?? []), ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    stdio: opts.silent === false ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'inherit', 'ipc'],
  })
}

/** Resolves with the first IPC message from `child` that satisfies `match`; rejects if the child exits first. */
export function nextMessage<T>(child: ChildProcess, match: (m: any) => boolean, timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no answer from child within ${timeoutMs} ms`)), timeoutMs)
    const onMessage = (m: unknown) => {
      if (match(m)) done(undefined, m as T)
    }
    const onExit = (code: number | null, signal: string | null) => done(new Error(`child exited (${code ?? signal}) before answering`))
    function done(err?: Error, value?: T) {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve(value as T)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

export function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
