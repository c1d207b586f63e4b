// The benchmarks `npm run bench` knows, by the name given on its command line. Each is loaded only
// in the process that runs it (one-bench.ts): the runner needs their names and titles, not their code.
import type { Bench } from './common.js'

export const BENCHES: Record<string, { title: string; load: () => Promise<Bench> }> = {
  callback: { title: '1 callback pipeline', load: async () => (await import('../callback-pipeline.js')).callbackPipeline },
  leaderboards: { title: '2 leaderboards', load: async () => (await import('../leaderboards.js')).leaderboards },
  notes: { title: '3 notes similarity', load: async () => (await import('../notes.js')).notesSimilarity },
  outbox: { title: '4 outbox drain', load: async () => (await import('../outbox-drain.js')).outboxDrain },
  resources: { title: '5 resources', load: async () => (await import('../resources.js')).resources },
  crash: { title: '6 crash trials', load: async () => (await import('../crash-trials.js')).crashTrials },
}
