// The one place that talks HTTP to WeCom: axios with our own status/JSON/errcode handling.
// errcode != 0 → WecomApiError; no usable answer (network, timeout, 5xx, non-JSON) → WecomHttpError.
// Secrets (webhook keys, access tokens, corpsecret, response codes) never reach error messages.
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios'
import { WecomApiError, WecomHttpError } from '../errors.js'
import { redactSecrets } from '../log.js'

export interface WecomAnswer {
  errcode?: number
  errmsg?: string
  [key: string]: unknown
}

export interface WecomHttp {
  /** base URL without trailing slash (config.apiBase) */
  readonly base: string
  call<T = WecomAnswer>(api: string, request: AxiosRequestConfig, secrets?: (string | undefined)[]): Promise<T>
}

export function createWecomHttp(base: string, options: { timeoutMs?: number } = {}): WecomHttp {
  const http: AxiosInstance = axios.create({
    timeout: options.timeoutMs ?? 10_000,
    // We read status and body ourselves: WeCom answers errors with HTTP 200 and an errcode.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
    proxy: false,
  })
  const root = base.replace(/\/+$/, '')

  async function call<T = WecomAnswer>(api: string, request: AxiosRequestConfig, secrets: (string | undefined)[] = []): Promise<T> {
    const hide = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0)
    const url = request.url && /^https?:\/\//.test(request.url) ? request.url : root + (request.url ?? '')
    let status: number
    let text: string
    try {
      const res = await http.request<string>({ ...request, url })
      status = res.status
      text = typeof res.data === 'string' ? res.data : String(res.data ?? '')
    } catch (err) {
      throw new WecomHttpError(api, undefined, sanitize(err, hide))
    }
    if (status >= 500) throw new WecomHttpError(api, status, new Error(`HTTP ${status}`))
    let body: unknown
    try {
      body = text.trim() === '' ? {} : JSON.parse(text)
    } catch {
      throw new WecomHttpError(api, status, new Error(`HTTP ${status}, answer is not JSON`))
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new WecomHttpError(api, status, new Error(`HTTP ${status}, answer is not a JSON object`))
    }
    const answer = body as WecomAnswer
    const code = typeof answer.errcode === 'number' ? answer.errcode : Number(answer.errcode ?? 0)
    if (Number.isFinite(code) && code !== 0) {
      throw new WecomApiError(code, redactSecrets(String(answer.errmsg ?? ''), hide), api)
    }
    if (status >= 400) throw new WecomHttpError(api, status, new Error(`HTTP ${status}`))
    return answer as unknown as T
  }

  return { base: root, call }
}

/** A network error as a plain Error whose message carries no URL, key or token. */
function sanitize(err: unknown, secrets: string[]): Error {
  const e = err as { code?: string; message?: string }
  const timeout = e?.code === 'ECONNABORTED' || e?.code === 'ETIMEDOUT' || /timeout/i.test(e?.message ?? '')
  const message = timeout ? 'timeout' : [e?.code, e?.message].filter(Boolean).join(' ') || 'network error'
  const clean = new Error(redactSecrets(message.replace(/https?:\/\/\S+/g, '[url]'), secrets))
  ;(clean as { code?: string }).code = timeout ? 'ETIMEDOUT' : e?.code
  return clean
}
