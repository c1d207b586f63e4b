// A TypeScript module run in a worker thread (tsx is registered there, as vitest and `npm start`
// need): its answer comes back by structured clone, its error rejects with the same name and
// message, and a worker that dies without answering rejects instead of hanging.
import { describe, expect, it } from 'vitest'
import { runModule, siblingModule } from '../../src/threads/run-in-worker.js'

const module = siblingModule('fixtures/answer-worker', import.meta.url)

describe('runModule', () => {
  it('names the sibling module with the caller’s extension', () => {
    expect(module.pathname.endsWith('/test/threads/fixtures/answer-worker.ts')).toBe(true)
  })

  it('returns what the module’s default export returns', async () => {
    const out = await runModule<{ upper: string; bytes: Uint8Array; counts: Map<string, number> }>(module, { mode: 'answer', text: '学习ok' })
    expect(out.upper).toBe('学习OK')
    expect(Buffer.from(out.bytes).toString()).toBe('学习ok')
    expect(out.counts).toEqual(new Map([['学习ok', 4]]))
  })

  it('rejects with the error thrown in the worker', async () => {
    await expect(runModule(module, { mode: 'throw', text: 'x' })).rejects.toMatchObject({ name: 'RangeError', message: 'bad input: x' })
  })

  it('rejects when the worker exits without answering', async () => {
    await expect(runModule(module, { mode: 'exit', text: 'x' })).rejects.toThrow('worker thread exited (code 3) without an answer')
  })
})
