// Parent-side handles for the bot-server and load child processes.
import type { ChildProcess } from 'node:child_process'
import { forkTs, nextMessage, waitExit } from './common.js'
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

export async function startServer(spec: ServerSpec): Promise<ServerHandle> {
  const child = forkTs('./bot-server.ts', [JSON.stringify(spec)])
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

/** Runs one load phase from a second process and returns its figures. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = forkTs('./load.ts', [JSON.stringify(spec)])
  const timeout = (spec.seconds + (spec.warmupSeconds ?? 0)) * 1000 + 120_000
  const result = await nextMessage<LoadResult>(child, (m) => m?.type === 'result', timeout)
  await waitExit(child)
  return result
}
