// Self-built app access_token cache (WECOM.md §5.1): reused until 60 s before it expires,
// fetched by one caller at a time (single-flight), dropped when WeCom says it is invalid.
// Per process: WeCom returns the same token to every instance while it is valid.
import type { Clock } from '../clock.js'

export interface FetchedToken {
  token: string
  /** seconds, as gettoken answers (expires_in) */
  expiresIn: number
}

export class TokenCache {
  private current?: { token: string; expiresAt: number }
  private inFlight?: Promise<string>

  constructor(
    private readonly fetch: () => Promise<FetchedToken>,
    private readonly clock: Clock,
    private readonly refreshBeforeMs = 60_000,
  ) {}

  async get(): Promise<string> {
    const now = this.clock.now().getTime()
    if (this.current && now < this.current.expiresAt - this.refreshBeforeMs) return this.current.token
    if (!this.inFlight) {
      this.inFlight = this.fetch()
        .then(({ token, expiresIn }) => {
          this.current = { token, expiresAt: this.clock.now().getTime() + expiresIn * 1000 }
          return token
        })
        .finally(() => {
          this.inFlight = undefined
        })
    }
    return this.inFlight
  }

  /**
   * Forgets the token WeCom refused. Only that token: when several calls fail with the same old
   * token, the first refresh is kept and the others reuse it.
   */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined
  }
}
