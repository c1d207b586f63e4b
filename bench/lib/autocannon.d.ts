// autocannon ships no types; the benchmarks use a small part of its API.
declare module 'autocannon' {
  interface Histogram {
    p50: number
    p90: number
    p99: number
    average: number
    max: number
    total: number
  }
  interface Result {
    requests: Histogram & { sent: number }
    latency: Histogram
    throughput: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
  }
  function autocannon(opts: Record<string, unknown>): Promise<Result>
  export default autocannon
}
