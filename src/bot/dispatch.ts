// The one boundary per inbound message. Order: rate limit → (transaction: dedupe record →
// roster (touchSender) → route → role/scope → parse → run → stored reply → the transport's persist
// hook) → commit → wake the outbox (when the command queued a message). On SQLite the transaction
// may share its commit with others of the same moment (src/db/group-commit.ts).
// A repeated msgid is answered with the stored reply and changes nothing. A UserError or bad
// arguments roll the command's writes back and answer in Chinese. A database that is locked or
// down raises TransientError (the transport answers 503 so WeCom redelivers).
import type { DbOrTrx, Deps } from '../deps.js'
import type { OutboxItem } from '../outbox/outbox.js'
import { prepared, written } from '../db/prepared.js'
import { UserError } from '../errors.js'
import { t } from '../i18n/index.js'
import { audit, touchSender } from '../members/members.js'
import type { CardUpdate, OutMessage } from '../wecom/types.js'
import { ArgError, ArgReader } from './args.js'
import type { CommandContext, CommandResult, Reply } from './command.js'
import type { Incoming } from './incoming.js'
import { stripCommandPrefix } from './normalize.js'
import { takePendingUpload } from './pending-upload.js'
import { RateLimiter } from './rate-limit.js'
import type { Registry } from './registry.js'
import { TransientError, isTransient } from './transient.js'

export interface DispatchResult {
  messages: OutMessage[]
  update?: CardUpdate
  /** true when this msgid was handled before (the stored reply is returned) */
  duplicate: boolean
  /** true when the caller's persist hook ran, in the transaction that recorded this message */
  persisted?: boolean
}

/** What a command answered, as stored with its msgid. */
export type DispatchOutput = Omit<DispatchResult, 'duplicate' | 'persisted'>

export interface HandleOptions {
  /**
   * Runs in the transaction that records the message (the first handling only, refusals included),
   * so what the transport keeps for its answer — a stream row, queued leftovers — is committed
   * with the command or not at all, and shares its commit.
   */
  persist?: (trx: DbOrTrx, out: DispatchOutput) => Promise<void>
}

export interface Dispatcher {
  handle(incoming: Incoming, options?: HandleOptions): Promise<DispatchResult>
  registry: Registry
}

/** Largest command text accepted (UTF-8 bytes); longer messages are refused politely. */
export const MAX_TEXT_BYTES = 16 * 1024

export function createDispatcher(deps: Deps, registry: Registry): Dispatcher {
  const limiter = new RateLimiter(deps.config.rateLimitPerMinute, 60_000)

  async function handle(incoming: Incoming, options: HandleOptions = {}): Promise<DispatchResult> {
    if (incoming.kind === 'stream_refresh' || incoming.kind === 'other') return { messages: [], duplicate: false }
    const wait = limiter.hit(incoming.userid, deps.clock.now().getTime())
    if (wait > 0 && incoming.kind !== 'card_event') {
      return { messages: [{ type: 'markdown', content: t('router.rateLimited', { seconds: wait }) }], duplicate: false }
    }
    // The delivery loop is woken only when the command queued something (a wake costs a claim query).
    let queued = false
    const outbox = { enqueue: (db: DbOrTrx, item: OutboxItem) => ((queued = true), deps.outbox.enqueue(db, item)), wake: () => deps.outbox.wake() }
    try {
      const result = await deps.dbh.transact(async (trx) => {
        const now = deps.clock.now()
        const at = now.toISOString()
        const inserted = await recordInbound(trx, { msgid: incoming.msgid, via: incoming.via, chat_id: incoming.chat.id, userid: incoming.userid, received_at: at, body: incoming.raw, reply: null })
        if (written(inserted) === 0) return { duplicate: true as const }
        const sender = await touchSender(trx, deps.config.adminUserIds, incoming.userid, incoming.chat, at)
        const ctx: CommandContext = { ...deps, outbox, db: trx, incoming, chat: incoming.chat, now, sender: { userid: incoming.userid, ...sender } }
        const out = toDispatch(await route(ctx))
        await storeReply(trx, { msgid: incoming.msgid, reply: JSON.stringify(out) })
        if (options.persist) await options.persist(trx, out)
        return { duplicate: false as const, out }
      })
      if (result.duplicate) return await storedReply(incoming.msgid)
      if (queued) deps.outbox.wake()
      return { ...result.out, duplicate: false, persisted: Boolean(options.persist) }
    } catch (err) {
      if (err instanceof UserError || err instanceof ArgError) return await recordRefusal(incoming, err, options)
      if (isTransient(err)) throw new TransientError(err)
      deps.log.error({ err: errorSummary(err), msgid: incoming.msgid, userid: incoming.userid }, 'command failed')
      return await recordRefusal(incoming, new UserError('router.internalError', { name: commandName(incoming) }), options)
    }
  }

  async function route(ctx: CommandContext): Promise<CommandResult> {
    const { incoming } = ctx
    if (incoming.kind === 'card_event' && incoming.event) {
      const ev = incoming.event
      const cmd = registry.commands.find((c) => c.onCard && c.cardPrefixes?.some((p) => ev.key.startsWith(p) || ev.taskId.startsWith(p)))
      if (!cmd) return null
      if (cmd.cardRole === 'admin') {
        if (!ctx.sender.isAdmin) return t('router.adminOnly', { name: cmd.aliases[0] ?? cmd.name })
        await audit(ctx.db, { at: ctx.now.toISOString(), actor: ctx.sender.userid, action: `card:${cmd.name}`, chatId: ctx.chat.id, detail: { key: ev.key } })
      }
      return cmd.onCard!(ctx, ev)
    }
    if (incoming.kind === 'enter_chat') return t('router.empty', { bot: ctx.config.botName })
    if (incoming.kind === 'file' && incoming.file) {
      const name = await takePendingUpload(ctx.db, ctx.sender.userid, ctx.chat.id, ctx.now)
      const cmd = name ? registry.get(name) : undefined
      return cmd?.onFile ? cmd.onFile(ctx, incoming.file) : t('router.unsupported')
    }
    const bytes = Buffer.byteLength(incoming.text, 'utf8')
    if (bytes > MAX_TEXT_BYTES) return t('router.tooLong', { bytes, max: MAX_TEXT_BYTES })
    const { text } = stripCommandPrefix(incoming.text.trim())
    if (text.trim() === '') return t('router.empty', { bot: ctx.config.botName })
    const match = registry.match(text)
    if (!match) {
      for (const cmd of registry.commands) {
        // Free text such as "A" during a quiz goes to the command that is waiting for it.
        if (cmd.onText) {
          const r = await cmd.onText(ctx, text.trim())
          if (r !== undefined) return r
        }
      }
      const word = text.trim().split(/\s+/)[0]!
      const typed = word.length > 20 ? word.slice(0, 20) + '…' : word
      const suggestions = registry.suggest(word)
      return suggestions.length
        ? t('router.unknown', { name: typed, suggestions: suggestions.join('、') })
        : t('router.unknownNoSuggestion', { name: typed })
    }
    const cmd = match.command
    const shown = cmd.aliases[0] ?? cmd.name
    if (cmd.role === 'admin' && !ctx.sender.isAdmin) return t('router.adminOnly', { name: shown })
    if (cmd.scope === 'group' && ctx.chat.type !== 'group') return t('router.groupOnly', { name: shown })
    if (cmd.scope === 'private' && ctx.chat.type !== 'single') return t('router.privateOnly', { name: shown })
    let args: unknown
    try {
      args = cmd.parse(new ArgReader(match.rest, ctx.now, ctx.config.timezone), ctx)
    } catch (err) {
      if (err instanceof ArgError) throw new UserError('router.badArgs', { problem: t(err.key, err.params), usage: t(cmd.usage) })
      throw err
    }
    const result = await cmd.run(ctx, args)
    if (cmd.role === 'admin') {
      // Every admin action is in the audit log: who, when, what (in the same transaction).
      await audit(ctx.db, {
        at: ctx.now.toISOString(),
        actor: ctx.sender.userid,
        action: `command:${cmd.name}`,
        chatId: ctx.chat.id,
        detail: cmd.auditDetail ? cmd.auditDetail(args) : { args: match.rest.slice(0, 500) },
      })
    }
    return result
  }

  async function storedReply(msgid: string): Promise<DispatchResult> {
    const row = await deps.db.selectFrom('inbound_messages').select('reply').where('msgid', '=', msgid).executeTakeFirst()
    const out = row?.reply ? (JSON.parse(row.reply) as Omit<DispatchResult, 'duplicate'>) : { messages: [] }
    return { ...out, duplicate: true }
  }

  async function recordRefusal(incoming: Incoming, err: UserError | ArgError, options: HandleOptions): Promise<DispatchResult> {
    const content = err instanceof UserError ? t(err.code, err.params) : t(err.key, err.params)
    const out: DispatchOutput = { messages: [{ type: 'markdown', content }] }
    try {
      const fresh = await deps.dbh.transact(async (trx) => {
        const inserted = await recordInbound(trx, { msgid: incoming.msgid, via: incoming.via, chat_id: incoming.chat.id, userid: incoming.userid, received_at: deps.clock.now().toISOString(), body: incoming.raw, reply: JSON.stringify(out) })
        if (written(inserted) === 0) return false
        if (options.persist) await options.persist(trx, out)
        return true
      })
      if (!fresh) return await storedReply(incoming.msgid)
    } catch (e) {
      if (isTransient(e)) throw new TransientError(e)
      throw e
    }
    return { ...out, duplicate: false, persisted: Boolean(options.persist) }
  }

  return { handle, registry }
}

type InboundRow = { msgid: string; via: string; chat_id: string; userid: string; received_at: string; body: string; reply: string | null }

/** The msgid's record; nothing when it was recorded before (a redelivery). */
const recordInbound = prepared<InboundRow, unknown>((db, v) =>
  db
    .insertInto('inbound_messages')
    .values({ msgid: v.msgid, via: v.via, chat_id: v.chat_id, userid: v.userid, received_at: v.received_at, status: 'done', body: v.body, reply: v.reply })
    .onConflict((oc) => oc.column('msgid').doNothing()),
)

const storeReply = prepared<{ msgid: string; reply: string }, unknown>((db, v) => db.updateTable('inbound_messages').set({ reply: v.reply }).where('msgid', '=', v.msgid))

function toDispatch(result: CommandResult): DispatchOutput {
  const list: Reply[] = result == null ? [] : Array.isArray(result) ? result : [result]
  const messages: OutMessage[] = []
  let update: CardUpdate | undefined
  for (const r of list) {
    if (typeof r === 'string') messages.push({ type: 'markdown', content: r })
    else if (r.type === 'card_update') update = r
    else messages.push(r)
  }
  return update ? { messages, update } : { messages }
}

function commandName(incoming: Incoming): string {
  return stripCommandPrefix(incoming.text.trim()).text.split(/\s+/)[0]?.slice(0, 20) || '?'
}

function errorSummary(err: unknown): { name?: string; message?: string; stack?: string } {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { message: String(err) }
}
