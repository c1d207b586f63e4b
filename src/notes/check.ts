// The authenticity check: the index proposes candidates (earlier notes of anyone in the
// organization, indexed materials, and always the note's own assignment material); each is
// verified exactly, and the note is flagged when most of it is found in earlier text.
import type { DbOrTrx } from '../deps.js'
import type { IndexDocKind } from '../db/tables/notes.js'
import { ensureMaterialIndexed, findCandidates } from './index-store.js'
import { maskCoverage, overlap, passagesOf, prepare } from './similarity.js'

/**
 * Flag when at least this share of the note's counted characters lies in passages (of 5+
 * characters) found in earlier notes or materials (each source counting only
 * when it alone covers MIN_SOURCE_COVERAGE). Measured on real Chinese reflections (test/notes/fixtures.ts):
 * honest notes on the same reading score 2–8 %; a copy with words changed and a pasted material
 * score ~89 %.
 */
export const FLAG_COVERAGE = 0.5
/** A source counts toward a flag when it alone covers this share of the note (stock phrases do not). */
export const MIN_SOURCE_COVERAGE = 0.15
/** Candidates verified exactly per check. */
export const VERIFY_CANDIDATES = 20

export interface Finding {
  kind: IndexDocKind
  /** the source note id or assignment id */
  ref: number
  /** the source note's author (kind 'note') */
  sourceUserid?: string
  /** percent of the checked note found in the source (and in any further sources) */
  overlap: number
  /** further sources that each cover at least MIN_SOURCE_COVERAGE of the note */
  extraSources: number
  passages: string[]
}

export interface CheckInput {
  text: string
  assignment?: { id: number; material: string }
  /** the note itself, when re-checking after an edit */
  noteId?: number
  at: Date
}

/** The strongest source the note copies from, or undefined when it reads as the member's own. */
export async function checkNote(db: DbOrTrx, input: CheckInput): Promise<Finding | undefined> {
  if (input.assignment) await ensureMaterialIndexed(db, input.assignment, input.at)
  const found = await findCandidates(db, input.text, {
    exclude: input.noteId === undefined ? undefined : { kind: 'note', id: input.noteId },
    limit: VERIFY_CANDIDATES,
  })
  const noteIds = found.filter((c) => c.kind === 'note').map((c) => c.id)
  const materialIds = found.filter((c) => c.kind === 'material').map((c) => c.id)
  if (input.assignment && input.assignment.material.trim() && !materialIds.includes(input.assignment.id)) materialIds.push(input.assignment.id)
  const sources: { kind: IndexDocKind; ref: number; text: string; userid?: string }[] = []
  if (noteIds.length) {
    const rows = await db
      .selectFrom('notes')
      .select(['id', 'userid', 'content'])
      .where('id', 'in', noteIds)
      .where('status', 'in', ['accepted', 'pending'])
      .execute()
    for (const r of rows) sources.push({ kind: 'note', ref: r.id, text: r.content, userid: r.userid })
  }
  if (materialIds.length) {
    const rows = await db.selectFrom('assignments').select(['id', 'material']).where('id', 'in', materialIds).execute()
    for (const r of rows) sources.push({ kind: 'material', ref: r.id, text: r.material })
  }
  const prepared = prepare(input.text)
  // Each source that covers a real share of the note counts; their passages together decide, so a
  // note stitched from several sources is caught too. Stock phrases alone stay below MIN_SOURCE.
  const hits = sources
    .map((s) => ({ s, o: overlap(prepared, s.text, { passages: false }) }))
    .filter((h) => h.o.coverage >= MIN_SOURCE_COVERAGE)
    .sort((x, y) => y.o.coverage - x.o.coverage || x.s.ref - y.s.ref)
  const top = hits[0]
  if (!top) return undefined
  const union = new Uint8Array(top.o.mask.length)
  for (const h of hits) for (let i = 0; i < union.length; i++) union[i]! |= h.o.mask[i]!
  const coverage = maskCoverage(union)
  if (coverage < FLAG_COVERAGE) return undefined
  return {
    kind: top.s.kind,
    ref: top.s.ref,
    sourceUserid: top.s.userid,
    overlap: Math.round(coverage * 100),
    extraSources: hits.length - 1,
    passages: passagesOf(input.text, union, prepared.norm).slice(0, 5),
  }
}
