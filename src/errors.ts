// Expected failures are UserError(code, params), rendered through the zh-CN catalogue.
// WeCom API failures (an errcode) and network failures are different types.
import type { MessageKey } from './i18n/index.js'

export class UserError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code)
    this.name = 'UserError'
  }
}

/** WeCom answered with errcode != 0. */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeCom ${api} failed: errcode ${errcode} (${describeErrcode(errcode)}): ${errmsg}`)
    this.name = 'WecomApiError'
  }
  /** Worth retrying later with backoff (rate limit, busy, server side). */
  get retryable(): boolean {
    return this.errcode === 45009 || this.errcode === -1 || this.errcode === 45033
  }
  get tokenInvalid(): boolean {
    return this.errcode === 40014 || this.errcode === 42001 || this.errcode === 41001
  }
}

/** The request never got a WeCom answer: network error, timeout, HTTP 5xx, unparsable body. */
export class WecomHttpError extends Error {
  constructor(
    readonly api: string,
    readonly status: number | undefined,
    override readonly cause: unknown,
  ) {
    super(`WeCom ${api} unreachable${status ? ` (HTTP ${status})` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'WecomHttpError'
  }
  readonly retryable = true
}

/** A callback that must be refused with a 4xx (bad signature, bad body …). Never shown to users. */
export class ProtocolError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415,
    readonly reason: string,
  ) {
    super(reason)
    this.name = 'ProtocolError'
  }
}

const ERRCODES: Record<number, string> = {
  [-1]: '系统繁忙',
  40001: 'secret 无效',
  40007: '媒体文件 id 无效',
  40008: '消息类型无效',
  40013: 'corpid 无效',
  40014: 'access_token 无效',
  40033: '非法字符',
  40035: '参数错误',
  41001: '缺少 access_token',
  42001: 'access_token 已过期',
  44004: '内容为空',
  45002: '内容过长',
  45009: '接口调用超过频率限制',
  45033: '并发调用超过限制',
  60020: '不允许的来源 IP（企业可信 IP）',
  81013: '接收人全部无效',
  93000: 'webhook 地址无效',
  93006: '会话 id 无效',
  846605: 'req_id 无效',
  846608: '流式消息已过期',
}
export const describeErrcode = (code: number): string => ERRCODES[code] ?? '未知错误'
