// Every command, listed explicitly (no folder scanning). Order = order in /帮助.
import type { CommandDef } from '../src/bot/command.js'
import { Registry } from '../src/bot/registry.js'
import adminAdd from './admin-add.js'
import adminRemove from './admin-remove.js'
import admins from './admins.js'
import { helpCommand } from './help.js'

export function createRegistry(): Registry {
  const commands: CommandDef<any>[] = []
  commands.push(
    helpCommand(() => commands),
    // — members —
    // — admins —
    admins,
    adminAdd,
    adminRemove,
  )
  return new Registry(commands)
}
