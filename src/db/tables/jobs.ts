// Table types for the scheduled-jobs migration (2026_11_23_0013). job_runs itself is a core table.
export interface JobTables {
  leaderboard_hidden: { userid: string; hidden_at: string }
}
