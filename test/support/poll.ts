// Waiting on real processes: polls a condition with a short interval and a total timeout.
export async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 30_000, stepMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, stepMs))
  }
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
