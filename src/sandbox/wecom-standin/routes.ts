// The WeCom REST endpoints the bot's client calls, mounted under <apiBase> = /sandbox/wecom:
// group-robot webhook (send, upload_media), self-built app (gettoken, message/send,
// update_template_card, media/upload) and the intelligent bot's response_url.
import express, { type Request, type Response, type Router } from 'express'
import { t } from '../../i18n/index.js'
import { DEMO_PEOPLE } from '../demo-data.js'
import { E, ok, wecomError } from './errors.js'
import { guessContentType } from './media.js'
import { convertMessage, isInteractive } from './messages.js'
import { parseMultipart } from './multipart.js'
import type { WecomStandin } from './standin.js'
import { userConvo, type Json } from './store.js'

const q = (req: Request, name: string): string => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '')

function jsonBody(req: Request, res: Response): Json | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '')
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Json
  } catch {
    // fall through
  }
  wecomError(res, E.invalidParam, 'invalid json (Warning: wrong json format.)')
  return undefined
}

export function createStandinRouter(standin: WecomStandin): Router {
  const r = express.Router()
  r.use(express.raw({ type: () => true, limit: '40mb' }))
  const { store, media } = standin
  const now = () => standin.clock.now()

  r.post('/cgi-bin/webhook/send', (req, res) => {
    const key = q(req, 'key')
    const convo = standin.groupConvoOfKey(key)
    if (!convo) return wecomError(res, E.invalidWebhook, 'invalid webhook url')
    const msg = jsonBody(req, res)
    if (!msg) return
    if (!standin.webhookLimit.hit(key, now().getTime())) return wecomError(res, E.freqLimit, 'api freq out of limit')
    const out = convertMessage(msg, 'webhook', { media, scope: key })
    if ('errcode' in out) return wecomError(res, out.errcode, out.errmsg)
    store.add({ convo, sender: 'bot', channel: 'webhook', body: out.body })
    ok(res)
  })

  r.post('/cgi-bin/webhook/upload_media', (req, res) => {
    const key = q(req, 'key')
    if (!standin.groupOfKey(key)) return wecomError(res, E.invalidWebhook, 'invalid webhook url')
    const type = q(req, 'type')
    if (type !== 'file' && type !== 'voice') return wecomError(res, E.invalidParam, 'type must be file or voice')
    upload(req, res, key, type, type === 'voice' ? 2 * 1024 * 1024 : 20 * 1024 * 1024)
  })

  r.get('/cgi-bin/gettoken', (req, res) => {
    if (q(req, 'corpid') !== standin.creds.app.corpId) return wecomError(res, E.invalidCorpId, 'invalid corpid')
    if (q(req, 'corpsecret') !== standin.creds.app.secret) return wecomError(res, E.invalidCredential, 'invalid credential')
    ok(res, { access_token: standin.issueToken(), expires_in: 7200 })
  })

  r.post('/cgi-bin/message/send', (req, res) => {
    if (!tokenOk(req, res)) return
    const msg = jsonBody(req, res)
    if (!msg || !agentOk(msg, res)) return
    const wanted = msg.touser === '@all' ? null : String(msg.touser ?? '').split('|').filter(Boolean)
    const users = wanted ?? allUsers()
    const valid = users.filter((u) => standin.isUser(u))
    const invalid = users.filter((u) => !standin.isUser(u)).map((u) => u.toLowerCase())
    if (valid.length === 0) return wecomError(res, E.allInvalid, 'all touser invalid')
    const out = convertMessage(msg, 'app', { media, scope: 'app' })
    if ('errcode' in out) return wecomError(res, out.errcode, out.errmsg)
    if (msg.enable_id_trans === 1 && 'content' in out.body && typeof out.body.content === 'string') {
      // WeCom shows $userName=USERID$ as the person's name when the sender asks for it.
      out.body.content = out.body.content.replace(/\$userName=([^$]+)\$/g, (_m, id: string) => DEMO_PEOPLE.find((p) => p.userid === id)?.name ?? id)
    }
    const ids: number[] = []
    for (const u of valid) {
      if (!standin.memberLimit.hit(u, now().getTime())) {
        // WeCom silently drops messages over 30 per member per minute; the page says so.
        store.add({ convo: userConvo(u), sender: 'system', channel: 'system', body: { type: 'system', content: t('sandbox.droppedOverLimit') } })
        continue
      }
      const interactive = out.body.type === 'card' && isInteractive(out.body.card)
      ids.push(store.add({ convo: userConvo(u), sender: 'bot', channel: 'app', body: out.body, ...(interactive ? { origin: 'app' as const } : {}) }).id)
    }
    const card = out.body.type === 'card' && isInteractive(out.body.card)
    ok(res, {
      invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', unlicenseduser: '',
      msgid: `sandbox-${ids[0] ?? 0}`,
      ...(card ? { response_code: standin.newResponseCode(ids) } : {}),
    })
  })

  r.post('/cgi-bin/message/update_template_card', (req, res) => {
    if (!tokenOk(req, res)) return
    const msg = jsonBody(req, res)
    if (!msg || !agentOk(msg, res)) return
    const target = standin.useResponse(msg.response_code, 'app')
    if ('error' in target) return wecomError(res, E.invalidParam, target.error)
    if (target.kind !== 'app') return wecomError(res, E.invalidParam, 'invalid response_code')
    const userids = msg.atall ? undefined : Array.isArray(msg.userids) ? (msg.userids as string[]) : undefined
    const replaceName = msg.button?.replace_name
    for (const id of target.messageIds) {
      if (typeof replaceName === 'string') store.replaceButton(id, replaceName, userids)
      else if (msg.template_card && typeof msg.template_card === 'object') store.updateCard(id, msg.template_card, userids)
    }
    ok(res, { invaliduser: [] })
  })

  r.post('/cgi-bin/media/upload', (req, res) => {
    if (!tokenOk(req, res)) return
    const type = q(req, 'type')
    if (!['image', 'voice', 'video', 'file'].includes(type)) return wecomError(res, E.invalidParam, 'invalid media type')
    upload(req, res, 'app', type as 'image', type === 'image' ? 10 * 1024 * 1024 : 20 * 1024 * 1024)
  })

  r.post('/cgi-bin/aibot/response', (req, res) => {
    const target = standin.useResponse(q(req, 'response_code'), 'aibot')
    if ('error' in target) return wecomError(res, E.invalidParam, target.error)
    if (target.kind !== 'aibot') return wecomError(res, E.invalidParam, 'invalid response_code')
    const msg = jsonBody(req, res)
    const out = msg ? convertMessage(msg, 'response_url', { media, scope: 'bot', singleChat: target.singleChat }) : undefined
    if (!out || 'errcode' in out) {
      target.used = false // a refused message does not use up the url
      if (out && 'errcode' in out) wecomError(res, out.errcode, out.errmsg)
      return
    }
    const card = out.body.type === 'card'
    store.add({ convo: target.convo, sender: 'bot', channel: 'response_url', body: out.body, quoteOf: target.quoteOf, ...(card ? { origin: 'bot' as const } : {}) })
    ok(res)
  })

  function allUsers(): string[] {
    return [...new Set(Object.keys(standin.creds.webhookKeys).flatMap((g) => standin.groupMembers(g)))]
  }

  function tokenOk(req: Request, res: Response): boolean {
    const code = standin.checkToken(req.query.access_token)
    if (code === 0) return true
    const text: Record<number, string> = { 41001: 'access_token missing', 42001: 'access_token expired', 40014: 'invalid access_token' }
    wecomError(res, code, text[code] ?? 'invalid access_token')
    return false
  }

  function agentOk(msg: Json, res: Response): boolean {
    if (Number(msg.agentid) === standin.creds.app.agentId) return true
    wecomError(res, E.invalidAgentId, 'invalid agentid')
    return false
  }

  function upload(req: Request, res: Response, scope: string, type: 'file' | 'voice' | 'image' | 'video', max: number): void {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
    const part = parseMultipart(body, req.headers['content-type'])?.find((p) => p.name === 'media')
    if (!part) return wecomError(res, E.invalidParam, 'multipart part "media" missing')
    if (part.data.length <= 5 || part.data.length > max) return wecomError(res, E.invalidMediaSize, 'invalid media size')
    const filename = part.filename || `${type}.bin`
    const m = media.put({ type, filename, contentType: guessContentType(filename, part.contentType), data: part.data, scope })
    ok(res, { type, media_id: m.id, created_at: String(Math.floor(m.createdAt / 1000)) })
  }

  return r
}

