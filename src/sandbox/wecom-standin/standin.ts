// The state of the stand-in for WeCom: conversations, media, access tokens, response codes and
// rate windows. The REST routes (routes-*.ts) and the sandbox's callback sender share it.
import { randomBytes } from 'node:crypto'
import { systemClock, type Clock } from '../../clock.js'
import type { SandboxCredentials } from '../credentials.js'
import { DEMO_GROUPS, isDemoUser } from '../demo-data.js'
import { RateWindows } from './errors.js'
import { MediaStore } from './media.js'
import { ChatStore, groupConvo } from './store.js'

const TOKEN_TTL_MS = 7200 * 1000
const RESPONSE_URL_TTL_MS = 3600 * 1000
const RESPONSE_CODE_TTL_MS = 72 * 3600 * 1000

/** A response_url (aibot) or response_code (app card): usable once, until it expires. */
export type ResponseTarget =
  | { kind: 'aibot'; convo: string; quoteOf?: number; singleChat: boolean; expiresAt: number; used: boolean }
  | { kind: 'app'; messageIds: number[]; expiresAt: number; used: boolean }

export class WecomStandin {
  readonly store: ChatStore
  readonly media: MediaStore
  readonly webhookLimit = new RateWindows(20)
  readonly memberLimit = new RateWindows(30)
  private tokens = new Map<string, number>()
  private responses = new Map<string, ResponseTarget>()

  constructor(
    readonly creds: SandboxCredentials,
    /** e.g. http://127.0.0.1:3000/sandbox/wecom — what the bot's client uses as apiBase */
    readonly apiBase: string,
    readonly clock: Clock = systemClock,
  ) {
    this.store = new ChatStore(clock)
    this.media = new MediaStore(clock)
  }

  private nowMs(): number {
    return this.clock.now().getTime()
  }

  /** The group a webhook key belongs to. */
  groupOfKey(key: string): string | undefined {
    return Object.entries(this.creds.webhookKeys).find(([, k]) => k === key)?.[0]
  }

  groupConvoOfKey(key: string): string | undefined {
    const chatId = this.groupOfKey(key)
    return chatId ? groupConvo(chatId) : undefined
  }

  /** The corporate directory: the demo people. */
  isUser(userid: string): boolean {
    return isDemoUser(userid)
  }

  groupMembers(chatId: string): string[] {
    return DEMO_GROUPS.find((g) => g.chatId === chatId)?.members ?? []
  }

  issueToken(): string {
    for (const [t, exp] of this.tokens) if (exp > this.nowMs()) return t // same token while valid (WECOM.md §5.1)
    const token = randomBytes(48).toString('base64url')
    this.tokens.set(token, this.nowMs() + TOKEN_TTL_MS)
    return token
  }

  /** 0 when valid, else 41001 missing / 42001 expired / 40014 invalid. */
  checkToken(token: unknown): number {
    if (typeof token !== 'string' || token === '') return 41001
    const exp = this.tokens.get(token)
    if (exp === undefined) return 40014
    return exp > this.nowMs() ? 0 : 42001
  }

  /** Test and page hook: every token expires now (the bot must refresh on 42001). */
  expireTokens(): void {
    for (const t of this.tokens.keys()) this.tokens.set(t, this.nowMs() - 1)
  }

  newResponseUrl(target: { convo: string; quoteOf?: number; singleChat: boolean }): string {
    const code = randomBytes(24).toString('base64url')
    this.responses.set(code, { kind: 'aibot', ...target, expiresAt: this.nowMs() + RESPONSE_URL_TTL_MS, used: false })
    return `${this.apiBase}/cgi-bin/aibot/response?response_code=${code}`
  }

  newResponseCode(messageIds: number[]): string {
    const code = randomBytes(24).toString('base64url')
    this.responses.set(code, { kind: 'app', messageIds, expiresAt: this.nowMs() + RESPONSE_CODE_TTL_MS, used: false })
    return code
  }

  /** Takes a response code for use: the target, or why it cannot be used. */
  useResponse(code: unknown, kind: ResponseTarget['kind']): ResponseTarget | { error: string } {
    const target = typeof code === 'string' ? this.responses.get(code) : undefined
    if (!target || target.kind !== kind) return { error: 'invalid response_code' }
    if (target.used) return { error: 'response_code has been used' }
    if (target.expiresAt <= this.nowMs()) return { error: 'response_code expired' }
    target.used = true
    return target
  }

  reset(): void {
    this.store.clear()
    this.media.clear()
    this.webhookLimit.clear()
    this.memberLimit.clear()
    this.responses.clear()
  }
}
