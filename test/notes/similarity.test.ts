// The pure similarity functions and the LSH index, on real Chinese text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkNote, FLAG_COVERAGE } from '../../src/notes/check.js'
import { findCandidates, indexDocument } from '../../src/notes/index-store.js'
import { countChars, lshBuckets, normalize, overlap } from '../../src/notes/similarity.js'
import { createTestDeps, type TestDeps } from '../support/test-deps.js'
import { COPIED_A, HONEST_A, HONEST_B, HONEST_C, MATERIAL, PASTED_MATERIAL } from './fixtures.js'

describe('countChars (字数)', () => {
  it.each([
    ['学习，贯彻！', 4], // CJK punctuation not counted
    ['学习, 贯彻!', 4], // ASCII punctuation and spaces not counted
    ['  \n\t「」…——、。；：？！“”（）《》', 0],
    ['Hello world 2026年', 4], // a Latin word or a number counts one
    ['２０２６年', 2], // full-width digits fold to one number
    ['👍学习💪', 2], // emoji are symbols
    ['第1章', 3],
    ['', 0],
  ])('%j → %i', (text, n) => expect(countChars(text)).toBe(n))

  it('counts the fixtures', () => {
    expect(countChars(HONEST_A)).toBe(310)
    expect(countChars(HONEST_B)).toBe(289)
  })
})

describe('overlap', () => {
  it('normalizes away punctuation and case, keeping positions in the original', () => {
    const n = normalize('学习，A贯彻。')
    expect(String.fromCodePoint(...n.codes)).toBe('学习a贯彻')
    expect(n.at).toEqual([0, 1, 3, 4, 5])
  })

  it('honest notes on the same reading stay far below the threshold', () => {
    for (const [x, y] of [
      [HONEST_B, HONEST_A],
      [HONEST_A, HONEST_B],
      [HONEST_A, MATERIAL],
      [HONEST_B, MATERIAL],
      [HONEST_C, HONEST_A],
    ] as const) {
      expect(overlap(x, y).coverage).toBeLessThan(0.15)
    }
    expect(FLAG_COVERAGE).toBe(0.5)
  })

  it('a copy with words changed and a pasted material are mostly covered, with their passages', () => {
    const copy = overlap(COPIED_A, HONEST_A)
    expect(copy.coverage).toBeGreaterThan(0.8)
    expect(copy.passages[0]).toContain('不提前打招呼，直接去楼道里、广场上和居民聊一聊')
    const paste = overlap(PASTED_MATERIAL, MATERIAL)
    expect(paste.coverage).toBeGreaterThan(0.8)
    expect(paste.passages[0]!.startsWith('调查研究是谋事之基、成事之道。')).toBe(true)
  })

  it('still catches a copy with one character in eight replaced', () => {
    const chars = [...HONEST_A]
    let counted = 0
    const edited = chars.map((c) => (countChars(c) === 1 && ++counted % 8 === 0 ? '某' : c)).join('')
    expect(overlap(edited, HONEST_A).coverage).toBeGreaterThan(FLAG_COVERAGE)
  })
})

describe('LSH buckets', () => {
  it('a copy shares buckets with its source; an honest note shares none', () => {
    const stored = new Set(lshBuckets(HONEST_A, 'store'))
    expect(lshBuckets(COPIED_A, 'query').filter((b) => stored.has(b)).length).toBeGreaterThan(0)
    expect(lshBuckets(HONEST_B, 'query').filter((b) => stored.has(b))).toEqual([])
  })
})

describe('index store', () => {
  let deps: TestDeps
  beforeEach(async () => (deps = await createTestDeps()))
  afterEach(() => deps.dbh.drop())

  it('finds a short note that copies the middle of a long material (containment, not Jaccard)', async () => {
    const long = [HONEST_B, HONEST_C, MATERIAL, HONEST_A].join('\n')
    await indexDocument(deps.db, { kind: 'material', id: 7 }, long)
    await indexDocument(deps.db, { kind: 'note', id: 1 }, HONEST_B)
    const middle = MATERIAL.slice(60, 220)
    const found = await findCandidates(deps.db, `读了材料，摘录如下：${middle}`)
    expect(found[0]).toMatchObject({ kind: 'material', id: 7 })
    expect(overlap(`读了材料，摘录如下：${middle}`, long).jaccard).toBeLessThan(0.2)
  })

  it('checkNote verifies candidates exactly and reports the best source', async () => {
    const at = new Date('2026-11-23T01:00:00Z')
    await deps.db
      .insertInto('notes')
      .values({ chat_id: 'g', userid: 'zhangsan', assignment_id: null, week: '2026-W48', content: HONEST_A, chars: 310, status: 'accepted', award_key: null, flag_kind: null, flag_ref: null, flag_overlap: null, flag_passages: null, reviewed_by: null, reviewed_at: null, review_reason: null, created_at: at.toISOString(), updated_at: at.toISOString() })
      .execute()
    await indexDocument(deps.db, { kind: 'note', id: 1 }, HONEST_A)
    expect(await checkNote(deps.db, { text: HONEST_B, at })).toBeUndefined()
    const f = await checkNote(deps.db, { text: COPIED_A, at })
    expect(f).toMatchObject({ kind: 'note', ref: 1, sourceUserid: 'zhangsan' })
    expect(f!.overlap).toBeGreaterThan(80)
    expect(await checkNote(deps.db, { text: HONEST_A, at, noteId: 1 })).toBeUndefined() // itself, after an edit
  })
})
