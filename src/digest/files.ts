// What the admin digest job sends: the markdown summary, the trend chart as PNG and the week's
// .xlsx, built from one compiled digest. Runs in the bot's thread or in a worker (off-thread.ts).
import { performance } from 'node:perf_hooks'
import type { Config } from '../config.js'
import type { DbOrTrx } from '../deps.js'
import { renderTrendPng } from './chart.js'
import { compileDigest } from './digest.js'
import { digestChart, digestMarkdown, digestWorkbook } from './render.js'

export interface DigestFiles {
  markdown: string
  png: Buffer
  xlsx: Buffer
  /** how long each part took (logged by the job) */
  ms: { compile: number; chart: number; xlsx: number }
}

/** The job run building the digest (see compileDigest). */
export interface DigestRun {
  job: string
  period: string
}

export async function digestFiles(db: DbOrTrx, config: Config, week: string, now: Date, run?: DigestRun): Promise<DigestFiles> {
  const t0 = performance.now()
  const digest = await compileDigest(db, config, week, now, run)
  const markdown = digestMarkdown(digest, config.timezone)
  const t1 = performance.now()
  const png = await renderTrendPng(digestChart(digest), config.jobs.fontCacheDir)
  const t2 = performance.now()
  const xlsx = await digestWorkbook(digest)
  const t3 = performance.now()
  return { markdown, png, xlsx, ms: { compile: Math.round(t1 - t0), chart: Math.round(t2 - t1), xlsx: Math.round(t3 - t2) } }
}
