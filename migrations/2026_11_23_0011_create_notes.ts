import type { Kysely } from 'kysely'
import { bigint, withId } from './helpers.js'

// Study notes (学习笔记), their likes, and the near-duplicate index (MinHash/LSH buckets → documents).
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('notes'))
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('userid', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'integer')
    .addColumn('week', 'text', (c) => c.notNull()) // the assignment's week, or the week it was written in
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('chars', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // accepted | pending | returned | withdrawn
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('likes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('award_key', 'text') // the submission award this note holds now (null: none)
    .addColumn('awards', 'integer', (c) => c.notNull().defaultTo(0)) // submission awards made so far (key sequence)
    .addColumn('flag_kind', 'text') // note | material
    .addColumn('flag_ref', 'integer') // the source note id or assignment id
    .addColumn('flag_overlap', 'integer') // percent of this note found in the source
    .addColumn('flag_passages', 'text') // JSON string[]
    .addColumn('flag_extra', 'integer', (c) => c.notNull().defaultTo(0)) // further sources beyond flag_ref
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('notes_chat_week').on('notes').columns(['chat_id', 'week']).execute()
  await db.schema.createIndex('notes_user').on('notes').columns(['userid', 'created_at']).execute()
  await db.schema.createIndex('notes_status').on('notes').columns(['status', 'created_at']).execute()

  await db.schema
    .createTable('note_likes')
    .addColumn('note_id', 'integer', (c) => c.notNull())
    .addColumn('giver', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_likes_pk', ['note_id', 'giver'])
    .execute()
  await db.schema.createIndex('note_likes_giver_day').on('note_likes').columns(['giver', 'day']).execute()

  // LSH index: bucket = band · 2^32 + band hash; doc_kind 'note' (notes.id) or 'material' (assignments.id).
  await db.schema
    .createTable('note_index')
    .addColumn('bucket', bigint(db), (c) => c.notNull())
    .addColumn('doc_kind', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_index_pk', ['bucket', 'doc_kind', 'doc_id'])
    .execute()
  await db.schema.createIndex('note_index_doc').on('note_index').columns(['doc_kind', 'doc_id']).execute()
  // Which version of a material is in the index (materials are indexed when first needed).
  await db.schema
    .createTable('note_index_docs')
    .addColumn('doc_kind', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('indexed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_index_docs_pk', ['doc_kind', 'doc_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['note_index_docs', 'note_index', 'note_likes', 'notes']) await db.schema.dropTable(t).execute()
}
