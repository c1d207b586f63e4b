// The whole database as kysely sees it: one interface per area, merged here.
import type { AttendanceTables } from './tables/attendance.js'
import type { ClusterTables } from './tables/cluster.js'
import type { CoreTables } from './tables/core.js'
import type { JobTables } from './tables/jobs.js'
import type { LeaderboardTables } from './tables/leaderboard.js'
import type { NoteTables } from './tables/notes.js'
import type { PlanTables } from './tables/plans.js'
import type { QuizTables } from './tables/quiz.js'

export interface Database extends CoreTables, PlanTables, AttendanceTables, QuizTables, JobTables, NoteTables, ClusterTables, LeaderboardTables {}
