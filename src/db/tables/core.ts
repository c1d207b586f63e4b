// Table types for the core migration (2026_11_23_0001). Booleans are 0/1 integers; times are ISO text.
import type { Generated } from 'kysely'

export interface CoreTables {
  inbound_messages: {
    msgid: string
    via: string
    chat_id: string
    userid: string
    received_at: string
    status: 'processing' | 'done'
    body: string | null
    reply: string | null
  }
  chats: {
    chat_id: string
    type: 'group' | 'single'
    name: string | null
    first_seen_at: string
    last_seen_at: string
    webhook_key: string | null
    longconn_ok: number
    last_push_at: string | null
  }
  users: { userid: string; name: string | null; first_seen_at: string }
  memberships: { chat_id: string; userid: string; role: string; joined_at: string; left_at: string | null }
  admins: { userid: string; added_by: string; added_at: string }
  audit_log: {
    id: Generated<number>
    at: string
    actor: string
    action: string
    chat_id: string | null
    target: string | null
    detail: string | null
  }
  outbox: {
    id: Generated<number>
    dedupe_key: string
    dest_kind: 'group' | 'user'
    dest_id: string
    payload: string
    status: 'pending' | 'sending' | 'sent' | 'dead' | 'discarded'
    attempts: number
    next_attempt_at: string
    claimed_until: string | null
    claimed_by: string | null
    last_error: string | null
    channel: string | null
    created_at: string
    sent_at: string | null
  }
  job_runs: {
    job: string
    period: string
    status: 'running' | 'done' | 'failed' | 'skipped'
    scheduled_at: string
    claimed_at: string
    finished_at: string | null
    error: string | null
  }
  point_events: {
    id: Generated<number>
    award_key: string
    userid: string
    chat_id: string
    rule: string
    points: number
    at: string
    day: string
    week: string
    month: string
    detail: string | null
  }
  point_totals: { chat_id: string; userid: string; period: string; points: number; events: number; prev_points: number | null; prev_rank: number | null; name: string | null }
  group_point_totals: { chat_id: string; period: string; points: number; members: number }
  streams: { stream_id: string; msgid: string; content: string; finished: number; created_at: string }
  settings: { key: string; value: string; updated_at: string }
}
