// Table types for the leaderboard migration (2026_11_23_0015).
export interface LeaderboardTables {
  /** active members (memberships.left_at null) per chat, kept by triggers on memberships */
  group_rosters: { chat_id: string; members: number }
}
