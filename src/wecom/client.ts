// Outbound WeCom REST client (axios). Method names and bodies follow the official SDK and
// WECOM.md: group-robot webhook (§4), response_url (§3.4), self-built app (§5). The long
// connection has its own sender (longconn.ts) built on the official SDK.
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { WecomApiError } from '../errors.js'
import { createWecomHttp, type WecomHttp } from './http.js'
import { mediaForm } from './multipart.js'
import {
  type AppMessageBody,
  type ResponseUrlBody,
  type UploadMediaOptions,
  type UploadMediaResult,
  type WebhookMessageBody,
  limitAppContent,
  limitResponseUrlBody,
  limitWebhookBody,
  toAppContent,
  toWebhookBody,
} from './payloads.js'
import { TokenCache } from './token-cache.js'
import type { OutMessage, TemplateCard } from './types.js'

export type { AppMessageBody, ResponseUrlBody, UploadMediaOptions, UploadMediaResult, WebhookMessageBody } from './payloads.js'

export interface AppSendResult {
  msgid?: string
  invaliduser?: string
  invalidparty?: string
  invalidtag?: string
  response_code?: string
}

/** update_template_card (§5.3): either grey out the button or replace the card. */
export type AppUpdateTemplateCardBody = {
  userids?: string[]
  partyids?: number[]
  tagids?: number[]
  atall?: 0 | 1
  response_code: string
  enable_id_trans?: 0 | 1
} & ({ button: { replace_name: string } } | { template_card: TemplateCard & { replace_text?: string } })

export interface WebhookApi {
  sendMessage(key: string, body: WebhookMessageBody): Promise<void>
  uploadMedia(key: string, file: Buffer, options: { type: 'file' | 'voice'; filename: string }): Promise<UploadMediaResult>
  /** Our message to a group robot: uploads a file first when needed. */
  send(key: string, message: OutMessage): Promise<void>
}

export interface AppApi {
  /** corp id, agent id and secret are all configured */
  readonly configured: boolean
  getAccessToken(): Promise<string>
  sendMessage(body: AppMessageBody): Promise<AppSendResult>
  updateTemplateCard(body: AppUpdateTemplateCardBody): Promise<{ invaliduser?: string[] }>
  uploadMedia(file: Buffer, options: UploadMediaOptions): Promise<UploadMediaResult>
  /**
   * Our message privately to one member through the app: uploads images and files first.
   * enableIdTrans: WeCom shows `$userName=USERID$` in the text as that person's name.
   */
  send(userid: string, message: OutMessage, options?: { enableIdTrans?: boolean }): Promise<AppSendResult>
}

export interface WecomClient {
  webhook: WebhookApi
  app: AppApi
  /** POST to a callback's response_url (plain JSON; usable once, within 1 hour). */
  replyResponseUrl(url: string, body: ResponseUrlBody): Promise<void>
}

export interface WecomClientOptions {
  /** request timeout (default 10 s) */
  timeoutMs?: number
}

export function createWecomClient(config: Pick<Config, 'apiBase' | 'app'>, clock: Clock, options: WecomClientOptions = {}): WecomClient {
  const http: WecomHttp = createWecomHttp(config.apiBase, options)
  const { corpId, secret, agentId } = config.app
  const configured = Boolean(corpId && secret && agentId !== undefined)

  const tokens = new TokenCache(async () => {
    if (!configured) throw new Error('self-built app is not configured (WECOM_CORP_ID, WECOM_APP_AGENT_ID, WECOM_APP_SECRET)')
    const r = await http.call<{ access_token?: string; expires_in?: number }>(
      'gettoken',
      { method: 'GET', url: '/cgi-bin/gettoken', params: { corpid: corpId, corpsecret: secret } },
      [secret],
    )
    if (typeof r.access_token !== 'string' || !r.access_token) throw new WecomApiError(-1, 'gettoken answered without access_token', 'gettoken')
    return { token: r.access_token, expiresIn: Number(r.expires_in ?? 7200) }
  }, clock)

  /** Runs an app API call with the cached token; on 40014/42001/41001 refreshes once and retries once. */
  async function withToken<T>(run: (token: string) => Promise<T>): Promise<T> {
    const token = await tokens.get()
    try {
      return await run(token)
    } catch (err) {
      if (!(err instanceof WecomApiError) || !err.tokenInvalid) throw err
      tokens.invalidate(token)
      return run(await tokens.get())
    }
  }

  const webhook: WebhookApi = {
    async sendMessage(key, body) {
      await http.call('webhook/send', { method: 'POST', url: '/cgi-bin/webhook/send', params: { key }, data: limitWebhookBody(body) }, [key])
    },
    async uploadMedia(key, file, { type, filename }) {
      const form = mediaForm(file, filename)
      return http.call<UploadMediaResult>(
        'webhook/upload_media',
        { method: 'POST', url: '/cgi-bin/webhook/upload_media', params: { key, type }, data: form.body, headers: { 'Content-Type': form.contentType } },
        [key],
      )
    },
    async send(key, message) {
      const body = await toWebhookBody(message, async (buf, filename) => (await webhook.uploadMedia(key, buf, { type: 'file', filename })).media_id)
      if (body) await webhook.sendMessage(key, body)
    },
  }

  const app: AppApi = {
    configured,
    getAccessToken: () => tokens.get(),
    sendMessage(body) {
      const full = { ...limitAppContent(body), agentid: body.agentid ?? agentId } as AppMessageBody
      return withToken((token) =>
        http.call<AppSendResult>('message/send', { method: 'POST', url: '/cgi-bin/message/send', params: { access_token: token }, data: full }, [token]),
      )
    },
    updateTemplateCard(body) {
      const full = { ...body, agentid: agentId }
      return withToken((token) =>
        http.call<{ invaliduser?: string[] }>(
          'message/update_template_card',
          { method: 'POST', url: '/cgi-bin/message/update_template_card', params: { access_token: token }, data: full },
          [token],
        ),
      )
    },
    uploadMedia(file, { type, filename }) {
      const form = mediaForm(file, filename)
      return withToken((token) =>
        http.call<UploadMediaResult>(
          'media/upload',
          { method: 'POST', url: '/cgi-bin/media/upload', params: { access_token: token, type }, data: form.body, headers: { 'Content-Type': form.contentType } },
          [token],
        ),
      )
    },
    async send(userid, message, options = {}) {
      const content = await toAppContent(message, async (buf, media) => (await app.uploadMedia(buf, media)).media_id)
      return app.sendMessage({ touser: userid, ...content, ...(options.enableIdTrans ? { enable_id_trans: 1 as const } : {}) })
    },
  }

  return {
    webhook,
    app,
    async replyResponseUrl(url, body) {
      await http.call('aibot/response', { method: 'POST', url, data: limitResponseUrlBody(body) }, [new URL(url).search])
    },
  }
}
