// The benchmarks `npm run bench` knows, by the name given on its command line.
import { callbackPipeline } from '../callback-pipeline.js'
import { crashTrials } from '../crash-trials.js'
import { leaderboards } from '../leaderboards.js'
import { notesSimilarity } from '../notes.js'
import { outboxDrain } from '../outbox-drain.js'
import { resources } from '../resources.js'
import type { Bench } from './common.js'

export const BENCHES: Record<string, { title: string; run: Bench }> = {
  callback: { title: '1 callback pipeline', run: callbackPipeline },
  leaderboards: { title: '2 leaderboards', run: leaderboards },
  notes: { title: '3 notes similarity', run: notesSimilarity },
  outbox: { title: '4 outbox drain', run: outboxDrain },
  resources: { title: '5 resources', run: resources },
  crash: { title: '6 crash trials', run: crashTrials },
}
