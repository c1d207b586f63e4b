// Child process that runs ONE benchmark for bench/run.ts and sends its rows back over IPC, so that
// no benchmark inherits another's heap, garbage, JIT state or open files (the boards, timed after
// the callback benchmark in the same process, took 39–65 ms instead of 20–24).
// argv: name, options (JSON), 'compiled' when the parent compiled the bot and load children.
// IPC: → {type:'rows', rows}; the benchmark's progress goes to stdout as it runs.
import { BENCHES } from './benches.js'
import { useCompiledChildren, type BenchOptions } from './common.js'

const [name = '', options = '{}', children = ''] = process.argv.slice(2)

async function main(): Promise<void> {
  const bench = BENCHES[name]
  if (!bench) throw new Error(`unknown benchmark ${name}`)
  if (children === 'compiled') useCompiledChildren()
  const run = await bench.load()
  const rows = await run(JSON.parse(options) as BenchOptions, (line) => console.log(line))
  process.send!({ type: 'rows', rows }, () => process.exit(0))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
