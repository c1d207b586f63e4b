// WeCom's answers: HTTP 200 with { errcode, errmsg }. Codes as WECOM.md §4.3 / §5 lists them.
// Where WeCom does not document a code (response_url reuse), the sandbox uses 40035 "invalid
// parameter" and says why in errmsg.
import type { Response } from 'express'

export const E = {
  invalidCredential: 40001, // gettoken: bad secret
  invalidMediaSize: 40006,
  invalidMediaId: 40007,
  invalidMsgType: 40008,
  invalidCorpId: 40013,
  invalidToken: 40014,
  invalidParam: 40035,
  invalidAgentId: 40056,
  missingToken: 41001,
  expiredToken: 42001,
  emptyContent: 44004,
  tooLong: 45002,
  freqLimit: 45009,
  allInvalid: 81013,
  invalidWebhook: 93000,
} as const

export function wecomError(res: Response, errcode: number, errmsg: string): void {
  res.status(200).json({ errcode, errmsg })
}

export function ok(res: Response, extra: Record<string, unknown> = {}): void {
  res.status(200).json({ errcode: 0, errmsg: 'ok', ...extra })
}

export const bytes = (s: unknown): number => (typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : 0)

/** Sliding one-minute windows per key (webhook 20/min, app 30/min per member). */
export class RateWindows {
  private hits = new Map<string, number[]>()
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}
  /** Records a hit at `nowMs`; false when the key is over its limit (the hit is not recorded). */
  hit(key: string, nowMs: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > nowMs - this.windowMs)
    if (recent.length >= this.limit) {
      this.hits.set(key, recent)
      return false
    }
    recent.push(nowMs)
    this.hits.set(key, recent)
    return true
  }
  clear(): void {
    this.hits.clear()
  }
}
