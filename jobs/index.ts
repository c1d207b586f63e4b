// Every scheduled job, listed explicitly (no folder scanning). Schedules come from configuration.
import type { AnyJob } from '../src/scheduler/job.js'
import adminDigest from './admin-digest.js'
import housekeeping from './housekeeping.js'
import leaderboard from './leaderboard.js'
import reminders from './reminders.js'
import weeklyAssignment from './weekly-assignment.js'

export const jobs: AnyJob[] = [adminDigest, weeklyAssignment, reminders, leaderboard, housekeeping]
