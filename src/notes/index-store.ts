// The near-duplicate index in the database: LSH buckets (see similarity.ts) → documents. A check
// looks up only the new note's buckets and ranks the documents by how many buckets they share;
// it never reads every stored note.
import { createHash } from 'node:crypto'
import type { DbOrTrx } from '../deps.js'
import type { IndexDocKind } from '../db/tables/notes.js'
import { lshBuckets } from './similarity.js'

export interface DocRef {
  kind: IndexDocKind
  id: number
}

export interface Candidate extends DocRef {
  /** buckets shared with the query */
  hits: number
}

/** Rows per INSERT (3 parameters each; well under SQLite's and PostgreSQL's limits). */
const INSERT_CHUNK = 1000
/** Most buckets looked up for one check. */
const MAX_QUERY_BUCKETS = 20_000

export async function indexDocument(db: DbOrTrx, doc: DocRef, text: string): Promise<number> {
  const rows = lshBuckets(text, 'store').map((bucket) => ({ bucket, doc_kind: doc.kind, doc_id: doc.id }))
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('note_index')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['bucket', 'doc_kind', 'doc_id']).doNothing())
      .execute()
  }
  return rows.length
}

export async function removeDocument(db: DbOrTrx, doc: DocRef): Promise<void> {
  await db.deleteFrom('note_index').where('doc_kind', '=', doc.kind).where('doc_id', '=', doc.id).execute()
}

/** Replaces a note's entries (after an edit). */
export async function reindexNote(db: DbOrTrx, id: number, text: string): Promise<void> {
  await removeDocument(db, { kind: 'note', id })
  await indexDocument(db, { kind: 'note', id }, text)
}

/** Indexes an assignment's material unless this exact text is indexed already. */
export async function ensureMaterialIndexed(db: DbOrTrx, assignment: { id: number; material: string }, at: Date): Promise<void> {
  const digest = createHash('sha256').update(assignment.material).digest('hex')
  const row = await db
    .selectFrom('note_index_docs')
    .select('digest')
    .where('doc_kind', '=', 'material')
    .where('doc_id', '=', assignment.id)
    .executeTakeFirst()
  if (row?.digest === digest) return
  const doc: DocRef = { kind: 'material', id: assignment.id }
  await removeDocument(db, doc)
  if (assignment.material.trim()) await indexDocument(db, doc, assignment.material)
  await db
    .insertInto('note_index_docs')
    .values({ doc_kind: 'material', doc_id: assignment.id, digest, indexed_at: at.toISOString() })
    .onConflict((oc) => oc.columns(['doc_kind', 'doc_id']).doUpdateSet({ digest, indexed_at: at.toISOString() }))
    .execute()
}

/** Documents sharing LSH buckets with `text`, most shared first (one indexed lookup). */
export async function findCandidates(db: DbOrTrx, text: string, options: { exclude?: DocRef; limit?: number } = {}): Promise<Candidate[]> {
  // A note within the 16 KB message limit has at most ~4,400 buckets: one query, well under the
  // parameter limits of SQLite (32,766) and PostgreSQL (65,535).
  const buckets = lshBuckets(text, 'query').slice(0, MAX_QUERY_BUCKETS)
  if (buckets.length === 0) return []
  const limit = options.limit ?? 10
  const rows = await db
    .selectFrom('note_index')
    .select(['doc_kind', 'doc_id', (eb) => eb.fn.countAll<number>().as('hits')])
    .where('bucket', 'in', buckets)
    .groupBy(['doc_kind', 'doc_id'])
    .orderBy('hits', 'desc')
    .orderBy('doc_id')
    .limit(limit + 1)
    .execute()
  const ex = options.exclude
  return rows
    .map((r) => ({ kind: r.doc_kind, id: Number(r.doc_id), hits: Number(r.hits) }))
    .filter((c) => !(ex && c.kind === ex.kind && c.id === ex.id))
    .slice(0, limit)
}
