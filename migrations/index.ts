// The static list of migrations, in order. Add new files here (never scan the folder).
import type { Migration } from 'kysely'
import * as m0001 from './2026_11_23_0001_create_core.js'
import * as m0002 from './2026_11_23_0002_create_assignments.js'
import * as m0010 from './2026_11_23_0010_create_attendance.js'
import * as m0011 from './2026_11_23_0011_create_notes.js'
import * as m0012 from './2026_11_23_0012_create_quiz.js'
import * as m0013 from './2026_11_23_0013_create_leaderboard_hidden.js'
import * as m0014 from './2026_11_23_0014_create_leases.js'
import * as m0015 from './2026_11_23_0015_create_group_rosters.js'
import * as m0016 from './2026_11_23_0016_create_competitions_one_active.js'
import * as m0017 from './2026_12_06_0017_drop_daily_point_totals.js'
import * as m0018 from './2026_12_06_0018_create_memberships_status.js'
import * as m0019 from './2026_12_06_0019_cluster_point_totals.js'
import * as m0020 from './2026_12_07_0020_point_totals_previous.js'
import * as m0021 from './2026_12_07_0021_group_totals_by_chat.js'
import * as m0022 from './2026_12_07_0022_point_totals_rank_partial.js'

export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_create_core': m0001,
  '2026_11_23_0002_create_assignments': m0002,
  '2026_11_23_0010_create_attendance': m0010,
  '2026_11_23_0011_create_notes': m0011,
  '2026_11_23_0012_create_quiz': m0012,
  '2026_11_23_0013_create_leaderboard_hidden': m0013,
  '2026_11_23_0014_create_leases': m0014,
  '2026_11_23_0015_create_group_rosters': m0015,
  '2026_11_23_0016_create_competitions_one_active': m0016,
  '2026_12_06_0017_drop_daily_point_totals': m0017,
  '2026_12_06_0018_create_memberships_status': m0018,
  '2026_12_06_0019_cluster_point_totals': m0019,
  '2026_12_07_0020_point_totals_previous': m0020,
  '2026_12_07_0021_group_totals_by_chat': m0021,
  '2026_12_07_0022_point_totals_rank_partial': m0022,
}
