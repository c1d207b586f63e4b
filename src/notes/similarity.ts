// Near-duplicate detection on character shingles. Pure: no database, no clock.
//
// Text is reduced to its "counted" characters (letters and digits after NFKC, lower case; no
// whitespace, punctuation or symbols), so "学习，贯彻" and "学习贯彻" shingle alike. Shingles are K
// consecutive characters. For the index, a document is cut into windows of W shingles and each
// window gets a MinHash signature of BANDS × ROWS values; each band hashes to one bucket. Windows
// (not whole documents) make the index find a note that copies part of a long material, where a
// whole-document Jaccard would be small. Stored documents use windows side by side (stride W);
// a note being checked uses windows every QUERY_STRIDE shingles, so some query window lines up with
// any stored window that it copies. Candidates are then verified exactly by `overlap`.
import { normalize, type Normalized } from './text.js'

export { countChars, normalize, type Normalized } from './text.js'

/** Shingle size in characters: small enough that changing one word in eight leaves most shingles. */
export const K = 5
export const WINDOW = 100
export const QUERY_STRIDE = 10
export const BANDS = 8
export const ROWS = 4
const PERMS = BANDS * ROWS

/** 32-bit finalizer (MurmurHash3 fmix32). */
function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Hashes of the K-character shingles, in text order (a text shorter than K gives one shingle). */
export function shingleHashes(codes: number[]): Uint32Array {
  const n = codes.length < K ? (codes.length ? 1 : 0) : codes.length - K + 1
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5
    for (let j = i; j < Math.min(i + K, codes.length); j++) h = Math.imul(h ^ codes[j]!, 0x01000193)
    out[i] = fmix(h >>> 0)
  }
  return out
}

const SEEDS = Array.from({ length: PERMS }, (_, i) => fmix(0x9e3779b9 * (i + 1)))

/** PERMS hash values per shingle, row-major (shingle i, permutation p at i*PERMS+p). */
function permuted(hashes: Uint32Array): Uint32Array {
  const out = new Uint32Array(hashes.length * PERMS)
  for (let i = 0; i < hashes.length; i++) {
    const x = hashes[i]!
    for (let p = 0; p < PERMS; p++) out[i * PERMS + p] = fmix(x ^ SEEDS[p]!)
  }
  return out
}

/** MinHash signature of shingles [from, to). */
function signature(perm: Uint32Array, from: number, to: number): Uint32Array {
  const sig = new Uint32Array(PERMS).fill(0xffffffff)
  for (let i = from; i < to; i++) {
    const base = i * PERMS
    for (let p = 0; p < PERMS; p++) {
      const v = perm[base + p]!
      if (v < sig[p]!) sig[p] = v
    }
  }
  return sig
}

/** LSH buckets of one signature: band b → b·2³² + hash of its ROWS values (fits a JS number). */
function bucketsOf(sig: Uint32Array, into: Set<number>): void {
  for (let b = 0; b < BANDS; b++) {
    let h = 0x2545f491 ^ b
    for (let r = 0; r < ROWS; r++) h = fmix(Math.imul(h, 31) ^ sig[b * ROWS + r]!)
    into.add(b * 0x1_0000_0000 + h)
  }
}

/** Window start positions: side by side for stored documents, every `stride` for a query. */
function windowStarts(n: number, stride: number): number[] {
  if (n <= WINDOW) return n ? [0] : []
  const starts: number[] = []
  for (let s = 0; s + WINDOW <= n; s += stride) starts.push(s)
  if (starts[starts.length - 1]! + WINDOW < n) starts.push(n - WINDOW)
  return starts
}

/** Per-permutation minima of each block of QUERY_STRIDE shingles (a window is then WINDOW/QUERY_STRIDE blocks). */
function blockMinima(perm: Uint32Array, n: number): Uint32Array[] {
  const blocks: Uint32Array[] = []
  for (let s = 0; s + QUERY_STRIDE <= n; s += QUERY_STRIDE) blocks.push(signature(perm, s, s + QUERY_STRIDE))
  return blocks
}

/** The LSH buckets to store for a document (stride WINDOW) or to look up for a query (stride QUERY_STRIDE). */
export function lshBuckets(text: string, mode: 'store' | 'query'): number[] {
  const hashes = shingleHashes(normalize(text).codes)
  const n = hashes.length
  const perm = permuted(hashes)
  const blocks = blockMinima(perm, n)
  const perWindow = WINDOW / QUERY_STRIDE
  const out = new Set<number>()
  for (const s of windowStarts(n, mode === 'store' ? WINDOW : QUERY_STRIDE)) {
    const end = Math.min(s + WINDOW, n)
    if (s % QUERY_STRIDE !== 0 || end - s < WINDOW) {
      bucketsOf(signature(perm, s, end), out) // the last, unaligned window (or a short text)
      continue
    }
    const sig = new Uint32Array(PERMS).fill(0xffffffff)
    for (let b = s / QUERY_STRIDE; b < s / QUERY_STRIDE + perWindow; b++) {
      const block = blocks[b]!
      for (let p = 0; p < PERMS; p++) if (block[p]! < sig[p]!) sig[p] = block[p]!
    }
    bucketsOf(sig, out)
  }
  return [...out]
}

export interface Overlap {
  /** share of the checked text's counted characters that lie in a passage also found in the source (0–1) */
  coverage: number
  /** |A∩B| / |A| over shingle sets */
  containment: number
  /** |A∩B| / |A∪B| over shingle sets */
  jaccard: number
  /** the checked text's overlapping passages (original text, longest first) */
  passages: string[]
  /** per counted character of the checked text: 1 when it lies in an overlapping passage */
  mask: Uint8Array
}

/** A text normalized and shingled once, to compare with many sources. */
export interface Prepared {
  text: string
  norm: Normalized
  hashes: Uint32Array
  set: Set<number>
}

export function prepare(text: string): Prepared {
  const norm = normalize(text)
  const hashes = shingleHashes(norm.codes)
  return { text, norm, hashes, set: new Set(hashes) }
}

/** Exact comparison of `text` with one `source`: how much of text is found in source. */
export function overlap(text: string | Prepared, source: string, options: { passages?: boolean } = {}): Overlap {
  const p = typeof text === 'string' ? prepare(text) : text
  const { norm: a, hashes: ha, set: setA } = p
  const setB = new Set(shingleHashes(normalize(source).codes))
  let inter = 0
  for (const h of setA) if (setB.has(h)) inter++
  const mask = new Uint8Array(a.codes.length)
  for (let i = 0; i < ha.length; i++) {
    if (setB.has(ha[i]!)) mask.fill(1, i, Math.min(i + K, a.codes.length))
  }
  const union = setA.size + setB.size - inter
  return {
    coverage: maskCoverage(mask),
    containment: setA.size ? inter / setA.size : 0,
    jaccard: union ? inter / union : 0,
    passages: options.passages === false ? [] : passagesOf(p.text, mask, a),
    mask,
  }
}

export function maskCoverage(mask: Uint8Array): number {
  let n = 0
  for (const v of mask) n += v
  return mask.length ? n / mask.length : 0
}

/** The runs of `mask` as passages of the original text, longest first. */
export function passagesOf(text: string, mask: Uint8Array, norm: Normalized = normalize(text)): string[] {
  const runs: [number, number][] = []
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue
    let j = i
    while (j < mask.length && mask[j]) j++
    runs.push([i, j])
    i = j
  }
  runs.sort((x, y) => y[1] - y[0] - (x[1] - x[0]) || x[0] - y[0])
  return runs.map(([s, e]) => text.slice(norm.at[s]!, norm.end[e - 1]!).trim())
}
