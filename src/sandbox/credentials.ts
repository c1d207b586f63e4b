// The sandbox's WeCom credentials: generated on first start and kept in ./data/sandbox.json, so a
// restart keeps the same bot token, AES keys, app secret and group webhook keys (and the clock offset).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { DEMO_GROUPS } from './demo-data.js'

export interface SandboxCredentials {
  bot: { token: string; aesKey: string; aibotid: string }
  app: { corpId: string; agentId: number; secret: string; token: string; aesKey: string }
  /** group chat id → webhook key */
  webhookKeys: Record<string, string>
  /** the sandbox clock's offset from real time (ms), kept across restarts */
  clockOffsetMs: number
}

export const DEFAULT_CREDENTIALS_FILE = 'data/sandbox.json'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const alnum = (n: number): string => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('')
const uuid = (): string => {
  const h = randomBytes(16).toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export function generateCredentials(): SandboxCredentials {
  return {
    bot: { token: alnum(32), aesKey: alnum(43), aibotid: 'aib' + alnum(12) },
    app: { corpId: 'ww' + randomBytes(8).toString('hex'), agentId: 1000002, secret: alnum(43), token: alnum(32), aesKey: alnum(43) },
    webhookKeys: Object.fromEntries(DEMO_GROUPS.map((g) => [g.chatId, uuid()])),
    clockOffsetMs: 0,
  }
}

/** Reads the file, or creates it; groups added to the demo later get a key. */
export function loadCredentials(file = DEFAULT_CREDENTIALS_FILE): SandboxCredentials {
  let creds: SandboxCredentials
  if (existsSync(file)) {
    creds = { ...generateCredentials(), ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxCredentials>) }
  } else {
    creds = generateCredentials()
  }
  for (const g of DEMO_GROUPS) creds.webhookKeys[g.chatId] ??= uuid()
  saveCredentials(file, creds)
  return creds
}

export function saveCredentials(file: string, creds: SandboxCredentials): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 })
}
