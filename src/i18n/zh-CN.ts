// The one message catalogue: every user-facing string, Simplified Chinese, by dotted key.
// Sections live beside this file (one per area) and are merged here so they can be read in one place.
import { commandHelp } from './zh-CN/commands.js'
import { core } from './zh-CN/core.js'

export const zhCN = {
  ...core,
  ...commandHelp,
} as const
