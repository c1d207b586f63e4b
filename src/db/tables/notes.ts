// Table types for the notes migration (2026_11_23_0011). Booleans are 0/1 integers; times are ISO text.
import type { Generated } from 'kysely'

export type NoteStatus = 'accepted' | 'pending' | 'returned' | 'withdrawn'
export type IndexDocKind = 'note' | 'material'

export interface NoteTables {
  notes: {
    id: Generated<number>
    chat_id: string
    userid: string
    assignment_id: number | null
    week: string
    content: string
    chars: number
    status: NoteStatus
    featured: Generated<number>
    likes: Generated<number>
    version: Generated<number>
    award_key: string | null
    awards: Generated<number>
    flag_kind: IndexDocKind | null
    flag_ref: number | null
    flag_overlap: number | null
    flag_passages: string | null
    flag_extra: Generated<number>
    reviewed_by: string | null
    reviewed_at: string | null
    review_reason: string | null
    created_at: string
    updated_at: string
  }
  note_likes: { note_id: number; giver: string; day: string; at: string }
  note_index: { bucket: number; doc_kind: IndexDocKind; doc_id: number }
  note_index_docs: { doc_kind: IndexDocKind; doc_id: number; digest: string; indexed_at: string }
}
