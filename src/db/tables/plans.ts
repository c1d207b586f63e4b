import type { Generated } from 'kysely'

export interface PlanTables {
  assignments: {
    id: Generated<number>
    week: string
    chat_id: string
    title: string
    material: string
    link: string | null
    note_min: number
    quiz_tags: string
    due_at: string
    created_by: string
    created_at: string
  }
}
