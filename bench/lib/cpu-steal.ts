// CPU steal: the time the hypervisor gave this VM's virtual CPUs to other guests (the 8th field of
// /proc/stat's `cpu` line). The benchmarks' machine is a VM whose speed drifts by up to a factor of
// two: a full run at 22:21 UTC on 7 December had the bare handler saturate at 1,851 req/s (4,467–4,893
// at 21:13, on the other VM the machine alternates with), and 221 s of the two CPUs' time had gone to
// steal between 22:00 and 22:38 UTC. Each benchmark's share is printed and kept with the results, so
// a run on a crowded host reads as one.
import { readFileSync } from 'node:fs'

export interface CpuTimes {
  steal: number
  total: number
}

/** The whole machine's CPU times in ticks since boot, or undefined where /proc/stat is not readable (not Linux). */
export function cpuTimes(stat?: string): CpuTimes | undefined {
  let text = stat
  if (text === undefined) {
    try {
      text = readFileSync('/proc/stat', 'utf8')
    } catch {
      return undefined
    }
  }
  const line = text.split('\n').find((l) => l.startsWith('cpu '))
  if (!line) return undefined
  // user nice system idle iowait irq softirq steal (guest time is counted in user already)
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number)
  if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return undefined
  return { steal: ticks[7]!, total: ticks.reduce((s, t) => s + t, 0) }
}

/** Steal between two readings as a percentage of all CPU time then (one decimal), or undefined. */
export function stealPercent(before: CpuTimes | undefined, after: CpuTimes | undefined): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined
  return Math.round((1000 * (after.steal - before.steal)) / (after.total - before.total)) / 10
}
