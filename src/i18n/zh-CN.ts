// The one message catalogue: every user-facing string, Simplified Chinese, by dotted key.
// Sections live beside this file (one per area) and are merged here so they can be read in one place.
import { attendance } from './zh-CN/attendance.js'
import { callback } from './zh-CN/callback.js'
import { commandHelp } from './zh-CN/commands.js'
import { core } from './zh-CN/core.js'
import { jobsText } from './zh-CN/jobs.js'
import { notes } from './zh-CN/notes.js'
import { quiz } from './zh-CN/quiz.js'
import { sandbox } from './zh-CN/sandbox.js'

export const zhCN = {
  ...core,
  ...attendance,
  ...quiz,
  ...notes,
  ...commandHelp,
  ...sandbox,
  ...callback,
  ...jobsText,
} as const
