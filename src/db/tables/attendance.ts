// Table types for attendance (migration 2026_11_23_0010): daily check-ins, study sessions and their
// sign-ins, leave requests, and calendar overrides. Days are local 'yyyy-MM-dd'; times ISO text.
import type { Generated } from 'kysely'

export type RecordStatus = 'ontime' | 'late' | 'makeup'
export type LeaveStatus = 'pending' | 'approved' | 'rejected'

export interface AttendanceTables {
  att_checkins: {
    id: Generated<number>
    chat_id: string
    userid: string
    day: string
    at: string
    note: string | null
    /** self | session | makeup */
    source: string
  }
  att_sessions: {
    id: Generated<number>
    chat_id: string
    topic: string
    /** local day of opens_at */
    day: string
    opens_at: string
    late_at: string
    closes_at: string
    /** 1 = announced with /预告 (opened later by the scheduler) */
    scheduled: number
    created_by: string
    created_at: string
    announced_at: string | null
    opened_at: string | null
    closed_at: string | null
  }
  att_records: {
    session_id: number
    chat_id: string
    userid: string
    status: RecordStatus
    at: string
    /** command | card | makeup */
    via: string
  }
  att_leaves: {
    id: Generated<number>
    chat_id: string
    userid: string
    session_id: number | null
    from_day: string
    to_day: string
    reason: string
    status: LeaveStatus
    requested_at: string
    decided_by: string | null
    decided_at: string | null
    decision_note: string | null
  }
  calendar_days: {
    /** a group chat id, or '*' for the organisation's own calendar */
    chat_id: string
    day: string
    /** rest | work */
    kind: string
    note: string | null
    updated_by: string
    updated_at: string
  }
}
