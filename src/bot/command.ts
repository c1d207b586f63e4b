// The command contract. A command is a plain object: names, help keys, scope and role (checked by
// the router), a pure parser, and run(ctx, args) → reply. Replies are values; the dispatcher
// decides how they travel. Expected failures throw UserError; nothing else is caught inside.
import type { Deps, DbOrTrx } from '../deps.js'
import type { MessageKey } from '../i18n/index.js'
import type { CardUpdate, OutMessage } from '../wecom/types.js'
import type { ArgReader } from './args.js'
import type { CardEvent, Incoming, IncomingFile } from './incoming.js'

export type Reply = string | OutMessage | CardUpdate
export type CommandResult = Reply | Reply[] | null | undefined

export interface Sender {
  userid: string
  /** roster name, or the userid until named */
  name: string
  isAdmin: boolean
}

export interface CommandContext extends Omit<Deps, 'db'> {
  /** The transaction this message is handled in: every write commits with the dedupe record or not at all. */
  db: DbOrTrx
  incoming: Incoming
  sender: Sender
  chat: Incoming['chat']
  now: Date
}

export interface CommandDef<A = unknown> {
  /** English kebab-case, = file name */
  name: string
  /** Chinese first. May contain one space for a sub-command ('笔记 待审'); longest match wins. */
  aliases: string[]
  summary: MessageKey
  usage: MessageKey
  examples?: MessageKey
  scope: 'group' | 'private' | 'any'
  role: 'member' | 'admin'
  /** Pure: reads the arguments or throws ArgError. Bad input never reaches run. */
  parse: (args: ArgReader, ctx: CommandContext) => A
  run: (ctx: CommandContext, args: A) => Promise<CommandResult>
  /** Card clicks whose button key or task id starts with one of these prefixes come to onCard. */
  cardPrefixes?: string[]
  /** Who may click this command's cards (checked by the router). Default: any member. */
  cardRole?: 'member' | 'admin'
  onCard?: (ctx: CommandContext, event: CardEvent) => Promise<CommandResult>
  /** Receives the user's next file after the command called expectUpload (see pending-upload.ts). */
  onFile?: (ctx: CommandContext, file: IncomingFile) => Promise<CommandResult>
  /** Free text that matched no command (e.g. "A" during a quiz) is offered here; undefined passes. */
  onText?: (ctx: CommandContext, text: string) => Promise<CommandResult | undefined>
  /**
   * What the audit log records for a successful admin command (default: the argument text).
   * Override to keep secrets (webhook keys) out of the log.
   */
  auditDetail?: (args: A) => unknown
  /** Hide from /帮助 (e.g. sub-commands shown through their parent). */
  hidden?: boolean
}

export function defineCommand<A>(def: CommandDef<A>): CommandDef<A> {
  return def
}

/** For commands without arguments. */
export function noArgs(args: ArgReader): void {
  args.end()
}
