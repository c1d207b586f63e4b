// Chinese glyphs for server-side charts. resvg draws nothing from WOFF/WOFF2 and these machines
// have no CJK system font, so the WOFF2 subsets of @fontsource/noto-sans-sc that cover the text
// are decompressed to TTF once (wawoff2) and cached on disk; later renders only read the cache.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { threadId } from 'node:worker_threads'

const require = createRequire(import.meta.url)
type Decompress = (input: Buffer) => Promise<Uint8Array>

interface Subset {
  file: string
  ranges: [number, number][]
}

let subsets: Subset[] | undefined
const inflight = new Map<string, Promise<string>>()

function fontsourceDir(): string {
  return dirname(require.resolve('@fontsource/noto-sans-sc/400.css'))
}

/** The weight-400 subsets and their unicode ranges, read from the package's CSS. */
function loadSubsets(): Subset[] {
  if (subsets) return subsets
  const css = readFileSync(join(fontsourceDir(), '400.css'), 'utf8')
  subsets = [...css.matchAll(/url\(\.\/files\/([^)]+?\.woff2)\)[^;]*;\s*unicode-range:\s*([^;]+);/g)].map((m) => ({
    file: m[1]!,
    ranges: m[2]!.split(',').map((r) => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-')
      return [parseInt(a!, 16), parseInt(b ?? a!, 16)] as [number, number]
    }),
  }))
  return subsets
}

let queue: Promise<unknown> = Promise.resolve()

/** wawoff2 returns a view into its WebAssembly heap that the next call overwrites: one at a time, copied out. */
function decompressOne(woff2: Buffer): Promise<Buffer> {
  const decompress = require('wawoff2/decompress.js') as Decompress
  const next = queue.then(async () => Buffer.from(await decompress(woff2)))
  queue = next.catch(() => {})
  return next
}

async function ttfFor(file: string, cacheDir: string): Promise<string> {
  const out = join(cacheDir, file.replace(/\.woff2$/, '.ttf'))
  if (existsSync(out)) return out
  let p = inflight.get(out)
  if (!p) {
    p = (async () => {
      const ttf = await decompressOne(readFileSync(join(fontsourceDir(), 'files', file)))
      mkdirSync(cacheDir, { recursive: true })
      // Per process and thread: the digest worker may decompress the same subset as the bot.
      const tmp = `${out}.${process.pid}-${threadId}.tmp`
      writeFileSync(tmp, ttf)
      renameSync(tmp, out)
      return out
    })()
    inflight.set(out, p)
  }
  return p
}

/** TTF files (cached under cacheDir) that together cover every character of `text`. */
export async function fontFilesFor(text: string, cacheDir: string): Promise<string[]> {
  const codes = new Set([...text].map((c) => c.codePointAt(0)!).filter((c) => c > 32))
  const needed = loadSubsets().filter((s) => [...codes].some((c) => s.ranges.some(([a, b]) => c >= a && c <= b)))
  return Promise.all(needed.map((s) => ttfFor(s.file, cacheDir)))
}

export const CJK_FAMILY = 'Noto Sans SC'
