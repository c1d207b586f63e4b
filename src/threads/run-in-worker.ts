// Work that would hold the event loop for seconds (the admin digest over the whole database, a
// backup and its integrity check) runs in a worker thread; the bot only waits for the answer.
// A worker answers once: its result, or its error, which rejects here with the same name and
// message (so a job fails and logs as it would in-process). While the caller waits the worker is
// referenced, as pending I/O is (`npm run backup` must not exit half-way); once it has answered,
// failed or exited it is unreferenced and terminated, so it never keeps the process alive.
import { createRequire } from 'node:module'
import { dirname, extname, join } from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'

// Background work: when it competes with the bot's own thread for the CPU (2 cores, a digest and a
// backup at once), the bot's thread should win. Linux keeps a nice value per thread; elsewhere the
// worker simply runs at normal priority.
const LOWER_PRIORITY = `
try {
  require('node:os').setPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()), 10)
} catch {}
`

type Answer<T> = { ok: true; value: T } | { ok: false; error: { name?: string; message: string; stack?: string } }

// Around a script's body (an async function body with parentPort and workerData in scope): its return
// value, or what it threw, becomes the worker's one Answer.
const answerOf = (body: string) => `
const { parentPort, workerData } = require('node:worker_threads')
;(async () => {
${body}
})().then(
  (value) => parentPort.postMessage({ ok: true, value }),
  (err) => parentPort.postMessage({ ok: false, error: { name: err && err.name, message: String((err && err.message) || err), stack: err && err.stack } }),
)
`

/**
 * Runs `body` — the body of an async function, CommonJS, no TypeScript, with `workerData` in scope —
 * in a worker at a lower priority than the bot's thread; resolves with what it returns, rejects with
 * what it throws.
 */
export function runScript<T>(body: string, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(LOWER_PRIORITY + answerOf(body), { eval: true, workerData })
    let settled = false
    const settle = (done: () => void) => {
      if (settled) return
      settled = true
      done()
      worker.unref()
      void worker.terminate()
    }
    worker.once('message', (m: Answer<T>) => settle(() => (m.ok ? resolve(m.value) : reject(rebuild(m.error)))))
    worker.once('error', (err) => settle(() => reject(err)))
    worker.once('exit', (code) => settle(() => reject(new Error(`worker thread exited (code ${code}) without an answer`))))
  })
}

function rebuild(e: { name?: string; message: string; stack?: string }): Error {
  const err = new Error(e.message)
  if (e.name) err.name = e.name
  if (e.stack) err.stack = e.stack
  return err
}

// Imports workerData.module inside an async body, registering tsx first for a .ts one.
const IMPORT_MODULE = `
const { pathToFileURL } = require('node:url')
if (workerData.tsx) (await import(pathToFileURL(workerData.tsx).href)).register()
const mod = await import(workerData.module)
`

// Answers with the module's default export's result.
const MODULE_BOOTSTRAP = `${IMPORT_MODULE}
return mod.default(workerData.input)
`

/**
 * Calls the default export of `module` with `input` in a worker thread. Input and result travel by
 * structured clone: plain data, Maps, typed arrays (a Buffer arrives as a Uint8Array).
 */
export function runModule<T>(module: URL, input: unknown): Promise<T> {
  const tsx = module.pathname.endsWith('.ts') ? tsxApi() : undefined
  return runScript<T>(MODULE_BOOTSTRAP, { module: module.href, input, tsx })
}

// Runs the module's default export, which then talks over parentPort; a failure to start is thrown
// out of the worker (its 'error' event).
const SERVICE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
;(async () => {${IMPORT_MODULE}
  await mod.default(workerData.input)
})().catch((err) => process.nextTick(() => { throw err }))
`

/**
 * Starts a long-lived worker thread running the default export of `module` with `input`, at normal
 * priority; the caller and the module talk by messages. `resourceLimits` bound its heap.
 */
export function startModuleWorker(module: URL, input: unknown, resourceLimits?: ResourceLimits): Worker {
  const tsx = module.pathname.endsWith('.ts') ? tsxApi() : undefined
  return new Worker(SERVICE_BOOTSTRAP, { eval: true, workerData: { module: module.href, input, tsx }, resourceLimits })
}

/** The module `name` beside the caller, with the caller's own extension (.ts from source, .js built). */
export function siblingModule(name: string, callerUrl: string): URL {
  return new URL(`./${name}${extname(new URL(callerUrl).pathname)}`, callerUrl)
}

/** Path of tsx's ESM register API, read from its exports map. */
function tsxApi(): string {
  const require = createRequire(import.meta.url)
  const pkg = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> }
  return join(dirname(require.resolve('tsx/package.json')), pkg.exports['./esm/api']!.import.default)
}
