// The sandbox page and its API, under /sandbox: the page itself (one HTML document with its CSS
// and script inlined), the web font, media downloads, live updates (SSE) and the actions a member
// takes — say something, click a card — which become real WeCom callbacks (callback-sender.ts).
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import express, { type Request, type Response, type Router } from 'express'
import { zhCN } from '../i18n/zh-CN.js'
import { t } from '../i18n/index.js'
import type { SandboxRuntime } from './sandbox.js'
import { isClockAction } from './clock-control.js'
import { DEMO_ADMIN, DEMO_GROUPS, DEMO_PEOPLE, isDemoUser, personName } from './demo-data.js'
import { viewMessage } from './view.js'
import { groupConvo, userConvo } from './wecom-standin/store.js'

const MAX_TEXT_CHARS = 100_000
const pageDir = new URL('./page/', import.meta.url)
const require = createRequire(import.meta.url)
/** Web fonts served from node_modules: Chinese (Noto Sans SC) and monochrome emoji (Noto Emoji). */
const FONTS = [
  { dir: dirname(require.resolve('@fontsource/noto-sans-sc/400.css')), css: ['400.css', '700.css'], file: /^noto-sans-sc-[\w-]+\.woff2$/ },
  { dir: dirname(require.resolve('@fontsource/noto-emoji/400.css')), css: ['400.css'], file: /^noto-emoji-[\w-]+\.woff2$/ },
]
const read = (name: string): string => readFileSync(new URL(name, pageDir), 'utf8')

function pageLabels(): Record<string, string> {
  return Object.fromEntries(Object.entries(zhCN).filter(([k]) => k.startsWith('sandbox.page.')).map(([k, v]) => [k.slice('sandbox.page.'.length), v]))
}

/** The convo a member may see: a group they belong to, or their own private chat. */
function convoFor(as: string, convo: unknown): string | undefined {
  if (typeof convo !== 'string') return undefined
  if (convo === userConvo(as)) return convo
  const group = DEMO_GROUPS.find((g) => groupConvo(g.chatId) === convo)
  return group ? convo : undefined
}

export function createPageRouter(rt: SandboxRuntime): Router {
  const r = express.Router()
  const { standin, sender } = rt
  const html = read('page.html').replace('/*CSS*/', () => read('page.css'))
  const script = read('page.js')
  const fontCss = FONTS.flatMap((f) => f.css.map((c) => readFileSync(join(f.dir, c), 'utf8')))
    .join('\n')
    .replace(/url\(\.\/files\/([\w.-]+\.woff2)\) format\('woff2'\), url\(\.\/files\/[\w.-]+\.woff\) format\('woff'\)/g, "url(/sandbox/fonts/$1) format('woff2')")

  r.get('/sandbox', (_req, res) => {
    const nonce = randomBytes(16).toString('base64')
    const boot = JSON.stringify({ labels: pageLabels(), botName: rt.config.botName }).replace(/</g, '\\u003c')
    res
      .set('Content-Security-Policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
      .set('X-Content-Type-Options', 'nosniff')
      .type('html')
      .send(html.replace('<!--SCRIPT-->', () => `<script nonce="${nonce}">window.SANDBOX=${boot};\n${script}</script>`))
  })

  r.get('/sandbox/fonts/noto-sans-sc.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=86400').send(fontCss)
  })
  r.get('/sandbox/fonts/:file', (req, res) => {
    const file = String(req.params.file)
    const font = FONTS.find((f) => f.file.test(file))
    if (!font) return void res.status(404).end()
    res.set('Cache-Control', 'public, max-age=604800').type('font/woff2').sendFile(join(font.dir, 'files', file), (err) => {
      if (err && !res.headersSent) res.status(404).end()
    })
  })

  r.get('/sandbox/media/:id', (req, res) => {
    const m = standin.media.get(String(req.params.id))
    if (!m) return void res.status(404).type('text/plain').send('media not found or expired')
    const inline = /^image\/(png|jpeg|gif)$/.test(m.contentType)
    res
      .set('X-Content-Type-Options', 'nosniff')
      .set('Content-Type', inline ? m.contentType : m.contentType.startsWith('text/') ? 'application/octet-stream' : m.contentType)
      .set('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(m.filename)}`)
      .send(m.data)
  })

  r.use('/sandbox/api', express.json({ limit: '2mb' }))

  r.get('/sandbox/api/state', async (_req, res) => {
    const admins = await rt.adminIds()
    res.json({
      botName: rt.config.botName,
      timezone: rt.config.timezone,
      now: rt.clock.now().toISOString(),
      people: DEMO_PEOPLE.map((p) => ({ ...p, admin: admins.includes(p.userid) })),
      groups: DEMO_GROUPS.map((g) => ({ chatId: g.chatId, convo: groupConvo(g.chatId), name: g.name, members: g.members })),
      defaultAs: DEMO_ADMIN,
      version: standin.store.version,
    })
  })

  r.get('/sandbox/api/messages', (req, res) => {
    const as = String(req.query.as ?? '')
    const convo = convoFor(as, req.query.convo)
    if (!isDemoUser(as) || !convo) return void res.status(400).json({ error: 'bad as/convo' })
    const after = Number(req.query.after ?? 0) || 0
    const messages = standin.store.list(convo).filter((m) => m.id > after || after === 0)
    res.json({ version: standin.store.version, messages: messages.map((m) => viewMessage(standin.store, m, as, rt.config.botName)) })
  })

  r.post('/sandbox/api/send', (req: Request, res: Response) => {
    const { as, text } = req.body ?? {}
    const convo = convoFor(String(as), req.body?.convo)
    if (!isDemoUser(String(as)) || !convo || typeof text !== 'string' || text.length > MAX_TEXT_CHARS) return void res.status(400).json({ error: 'bad request' })
    if (convo.startsWith('group:') && !DEMO_GROUPS.find((g) => groupConvo(g.chatId) === convo)?.members.includes(as)) {
      return void res.status(403).json({ error: t('sandbox.notMember', { name: personName(as) }) })
    }
    void sender.sendText(as, convo, text)
    res.status(202).json({ ok: true })
  })

  r.post('/sandbox/api/click', (req, res) => {
    const { as, messageId, key, selected } = req.body ?? {}
    const msg = standin.store.get(Number(messageId))
    if (!isDemoUser(String(as)) || !msg || msg.body.type !== 'card' || convoFor(as, msg.convo) !== msg.convo || typeof key !== 'string') {
      return void res.status(400).json({ error: 'bad request' })
    }
    const items = Array.isArray(selected)
      ? selected
          .filter((s: any) => s && typeof s.question_key === 'string' && Array.isArray(s.option_ids))
          .map((s: any) => ({ question_key: String(s.question_key), option_ids: (s.option_ids as unknown[]).map(String) }))
      : []
    void sender.click(as, msg, key, items)
    res.status(202).json({ ok: true })
  })

  r.post('/sandbox/api/clock', async (req, res) => {
    const action = req.body?.action
    if (!isClockAction(action)) return void res.status(400).json({ error: 'bad action' })
    res.json({ now: (await rt.moveClock(action)).toISOString() })
  })

  r.post('/sandbox/api/reset', async (_req, res) => {
    await rt.reset()
    res.json({ ok: true })
  })

  r.get('/sandbox/api/events', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
    res.write(`event: hello\ndata: ${standin.store.version}\n\n`)
    const off = standin.store.subscribe((m) => res.write(`data: ${JSON.stringify({ convo: m.convo, version: standin.store.version })}\n\n`))
    const offClock = rt.onClock((now) => res.write(`event: clock\ndata: ${JSON.stringify({ now: now.toISOString() })}\n\n`))
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000)
    req.on('close', () => {
      off()
      offClock()
      clearInterval(ping)
    })
  })

  return r
}
