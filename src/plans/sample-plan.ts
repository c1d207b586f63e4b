// The sample study plan (sample-plan.csv) for the sandbox and for trying `npm run import-plan`.
// Its weeks are written around 2026-W48; seeding shifts them so the plan surrounds "now".
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Config } from '../config.js'
import type { DbOrTrx } from '../deps.js'
import { weekKey } from '../time.js'
import { importPlan, readPlanFile, validatePlan } from './plan-file.js'
import { defaultDue, weekStart } from './weeks.js'

export const SAMPLE_ANCHOR_WEEK = '2026-W48'

export function samplePlanPath(): string {
  const beside = fileURLToPath(new URL('./sample-plan.csv', import.meta.url))
  // Compiled JS (dist/) has no copy of the CSV: fall back to the source tree.
  return existsSync(beside) ? beside : 'src/plans/sample-plan.csv'
}

/** Imports the sample plan, shifted so that its anchor week is the current week. Returns rows written. */
export async function seedSamplePlan(deps: { db: DbOrTrx; config: Config; now: Date }): Promise<number> {
  const now = deps.now
  const tz = deps.config.timezone
  const rows = await readPlanFile(readFileSync(samplePlanPath()), 'sample-plan.csv')
  const { items } = await validatePlan(deps.db, rows, now, tz)
  const shift = Math.round(weekStart(weekKey(now, tz), tz).diff(weekStart(SAMPLE_ANCHOR_WEEK, tz), 'weeks').weeks)
  const shifted = items.map((item) => {
    const week = weekKey(weekStart(item.week, tz).plus({ weeks: shift }).toJSDate(), tz)
    return { ...item, week, dueAt: defaultDue(week, tz) }
  })
  await importPlan(deps.db, shifted, { userid: 'system', at: now })
  return shifted.length
}
