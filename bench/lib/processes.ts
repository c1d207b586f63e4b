// Parent-side handles for the bot-server and load child processes.
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { collectGarbage, forkTs, nextMessage, waitExit } from './common.js'
import type { Sample, ServerSpec } from './bot-server.js'
import type { LoadResult, LoadSpec } from './load.js'

export interface ServerHandle {
  port: number
  child: ChildProcess
  sampleStart(): void
  sampleStop(): Promise<Sample>
  stop(): Promise<void>
  kill(): Promise<void>
}

/**
 * The Node flags production starts the bot with: those of `npm run start:prod` in package.json
 * (`node --max-semi-space-size=4 dist/src/main.js`). The app's process gets them; the bare
 * baseline runs on Node's defaults.
 */
export function productionNodeFlags(): string[] {
  if (!flags) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
    flags = (pkg.scripts['start:prod'] ?? '').split(/\s+/).filter((word) => word.startsWith('--'))
  }
  return flags
}
let flags: string[] | undefined

export async function startServer(spec: ServerSpec): Promise<ServerHandle> {
  const child = forkTs('./bot-server.ts', [JSON.stringify(spec)], spec.kind === 'app' ? { nodeFlags: productionNodeFlags() } : {})
  const ready = await nextMessage<{ port: number }>(child, (m) => m?.type === 'ready')
  return {
    port: ready.port,
    child,
    sampleStart: () => child.send({ type: 'sample-start' }),
    sampleStop: async () => {
      const answer = nextMessage<Sample>(child, (m) => m?.type === 'sample')
      child.send({ type: 'sample-stop' })
      return answer
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.send({ type: 'stop' })
      await waitExit(child)
    },
    kill: async () => {
      child.kill('SIGKILL')
      await waitExit(child)
    },
  }
}

/** Runs one load phase from a second process and returns its figures; this process's garbage is collected first (common.ts). */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  collectGarbage()
  const child = forkTs('./load.ts', [JSON.stringify(spec)], { nodeFlags: ['--expose-gc'] })
  const timeout = (spec.seconds + (spec.warmupSeconds ?? 0)) * 1000 + 120_000
  const result = await nextMessage<LoadResult>(child, (m) => m?.type === 'result', timeout)
  await waitExit(child)
  return result
}
