// The only reader of process.env. loadConfig(env) validates everything at once and
// reports every missing or bad variable in plain words (ConfigError.problems).
import { existsSync, readFileSync } from 'node:fs'
import { parse as parseDotenv } from 'dotenv'
import { z } from 'zod'
import { isValidCron } from './scheduler/cron.js'

export type WecomMode = 'sandbox' | 'callback' | 'longconn'

const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined))

const aesKey = optionalText.refine((v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v), {
  message: '必须是 43 位字母或数字（企业微信 EncodingAESKey）',
})
const token = optionalText.refine((v) => v === undefined || /^[A-Za-z0-9]{1,32}$/.test(v), {
  message: '必须是 1–32 位字母或数字',
})
const intIn = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def
      const n = Number(v)
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `必须是 ${min} 到 ${max} 之间的整数` })
        return z.NEVER
      }
      return n
    })

function cronText(def: string) {
  return z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== '' ? v.trim() : def))
    .refine(isValidCron, { message: '不是有效的 cron 表达式（5 个字段：分 时 日 月 周，例如 0 9 * * 1）' })
}

const schema = z.object({
  PORT: intIn(3000, 0, 65535),
  HOST: optionalText,
  DATABASE_URL: optionalText,
  BOT_TIMEZONE: z
    .string()
    .optional()
    .default('Asia/Shanghai')
    .refine(isTimeZone, { message: '不是有效的 IANA 时区名（例如 Asia/Shanghai）' }),
  BOT_NAME: z.string().optional().default('学习助手'),
  ADMIN_USERIDS: csv,
  WECOM_MODE: z.enum(['sandbox', 'callback', 'longconn']).optional(),
  WECOM_BOT_TOKEN: token,
  WECOM_BOT_AES_KEY: aesKey,
  WECOM_BOT_ID: optionalText,
  WECOM_BOT_SECRET: optionalText,
  WECOM_WS_URL: optionalText.refine((v) => v === undefined || /^wss?:\/\//.test(v), { message: '必须以 ws:// 或 wss:// 开头' }),
  WECOM_CORP_ID: optionalText,
  WECOM_APP_AGENT_ID: optionalText.refine((v) => v === undefined || /^\d+$/.test(v), { message: '必须是数字（应用 AgentId）' }),
  WECOM_APP_SECRET: optionalText,
  WECOM_APP_TOKEN: token,
  WECOM_APP_AES_KEY: aesKey,
  WECOM_API_BASE: z
    .string()
    .optional()
    .default('https://qyapi.weixin.qq.com')
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), { message: '必须是 http(s):// 开头的地址' }),
  WECOM_MAX_SKEW_SECONDS: intIn(300, 0, 86400),
  RATE_LIMIT_PER_MINUTE: intIn(30, 1, 10000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  PUBLIC_URL: optionalText,
  HOLIDAY_CALENDAR_FILE: optionalText.refine((v) => v === undefined || existsSync(v), { message: '文件不存在' }),
  // Scheduled jobs (src/scheduler, jobs/): cron expressions in BOT_TIMEZONE, and their settings.
  JOB_WEEKLY_ASSIGNMENT: cronText('0 9 * * 1'),
  JOB_REMINDERS: cronText('0 19 * * 4'),
  JOB_LEADERBOARD: cronText('0 20 * * 0'),
  JOB_ADMIN_DIGEST: cronText('0 8 * * 1'),
  JOB_HOUSEKEEPING: cronText('30 3 * * *'),
  REMINDER_PRIVATE_AFTER_WEEKS: intIn(2, 0, 52),
  REMINDER_ADMINS_AFTER_WEEKS: intIn(3, 0, 52),
  RETENTION_DAYS: intIn(30, 1, 3650),
  BACKUP_DIR: z.string().optional().default('./data/backups'),
  BACKUP_KEEP: intIn(7, 1, 365),
  FONT_CACHE_DIR: z.string().optional().default('./data/fonts'),
  HEAP_GROWING_PERCENT: intIn(50, 0, 1000),
  BOT_THREAD: z.enum(['on', 'off']).optional().default('on'),
})

/** Every environment variable the bot reads (documented one by one in .env.example). */
export const CONFIG_VARIABLES = Object.keys(schema.shape)

export interface Config {
  port: number
  host: string
  databaseUrl: string
  timezone: string
  botName: string
  adminUserIds: string[]
  mode: WecomMode
  bot: { token?: string; aesKey?: string; id?: string; secret?: string; wsUrl?: string }
  app: { corpId?: string; agentId?: number; secret?: string; token?: string; aesKey?: string }
  apiBase: string
  maxSkewSeconds: number
  rateLimitPerMinute: number
  /** V8's old-generation growing factor, as 1 + percent/100 (0: V8's own, up to ×4 when busy); see src/heap.ts */
  heapGrowingPercent: number
  /**
   * Callback mode: the bot (commands, database, jobs, outbox) runs on a worker thread and the main
   * thread serves HTTP and hands it the callbacks (src/threads/bot-thread.ts). Off: one thread.
   */
  botThread: boolean
  logLevel: string
  /** Address people use to reach this server (printed at start, used in links). */
  publicUrl?: string
  /** The organisation's own rest days / make-up workdays, loaded at start (see src/calendar/load-file.ts). */
  holidayCalendarFile?: string
  /** Scheduled jobs: cron expressions (config.timezone) and their settings. */
  jobs: {
    weeklyAssignment: string
    reminders: string
    leaderboard: string
    adminDigest: string
    housekeeping: string
    /** weeks behind in a row before the member is reminded privately (0 = never) */
    reminderPrivateAfterWeeks: number
    /** weeks behind in a row before the group's admins are told (0 = never) */
    reminderAdminsAfterWeeks: number
    retentionDays: number
    backupDir: string
    backupKeep: number
    fontCacheDir: string
  }
  version: string
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误（${problems.length} 处）：\n` + problems.map((p) => `  - ${p}`).join('\n'))
    this.name = 'ConfigError'
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** Reads `.env` (if present) under the real environment: real variables win. */
export function readEnv(path = '.env', env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFile = existsSync(path) ? parseDotenv(readFileSync(path)) : {}
  return { ...fromFile, ...env }
}

export function loadConfig(env: Record<string, string | undefined> = readEnv()): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}：${i.message}`))
  }
  const e = parsed.data
  const problems: string[] = []
  const hasBotCallback = Boolean(e.WECOM_BOT_TOKEN || e.WECOM_BOT_AES_KEY)
  const hasLongconn = Boolean(e.WECOM_BOT_ID || e.WECOM_BOT_SECRET)
  const mode: WecomMode = e.WECOM_MODE ?? (hasLongconn ? 'longconn' : hasBotCallback ? 'callback' : 'sandbox')
  const need = (name: keyof typeof e, why: string) => {
    if (!e[name]) problems.push(`${name}：${why}时必须填写`)
  }
  if (mode === 'callback') {
    need('WECOM_BOT_TOKEN', 'WECOM_MODE=callback')
    need('WECOM_BOT_AES_KEY', 'WECOM_MODE=callback')
  }
  if (mode === 'longconn') {
    need('WECOM_BOT_ID', 'WECOM_MODE=longconn')
    need('WECOM_BOT_SECRET', 'WECOM_MODE=longconn')
  }
  const appVars = ['WECOM_CORP_ID', 'WECOM_APP_AGENT_ID', 'WECOM_APP_SECRET', 'WECOM_APP_TOKEN', 'WECOM_APP_AES_KEY'] as const
  if (mode !== 'sandbox' && appVars.some((v) => e[v])) {
    for (const v of appVars) need(v, '配置自建应用（任一 WECOM_APP_* 或 WECOM_CORP_ID 已填写）')
  }
  if (problems.length) throw new ConfigError(problems)

  return {
    port: e.PORT,
    // The sandbox lets anyone speak as anyone: it listens on this machine only unless HOST says otherwise.
    host: e.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: e.DATABASE_URL ?? 'sqlite:./data/study-bot.db',
    timezone: e.BOT_TIMEZONE,
    botName: e.BOT_NAME,
    adminUserIds: e.ADMIN_USERIDS,
    mode,
    bot: { token: e.WECOM_BOT_TOKEN, aesKey: e.WECOM_BOT_AES_KEY, id: e.WECOM_BOT_ID, secret: e.WECOM_BOT_SECRET, wsUrl: e.WECOM_WS_URL },
    app: {
      corpId: e.WECOM_CORP_ID,
      agentId: e.WECOM_APP_AGENT_ID ? Number(e.WECOM_APP_AGENT_ID) : undefined,
      secret: e.WECOM_APP_SECRET,
      token: e.WECOM_APP_TOKEN,
      aesKey: e.WECOM_APP_AES_KEY,
    },
    apiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
    maxSkewSeconds: e.WECOM_MAX_SKEW_SECONDS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    botThread: e.BOT_THREAD === 'on',
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    holidayCalendarFile: e.HOLIDAY_CALENDAR_FILE,
    jobs: {
      weeklyAssignment: e.JOB_WEEKLY_ASSIGNMENT,
      reminders: e.JOB_REMINDERS,
      leaderboard: e.JOB_LEADERBOARD,
      adminDigest: e.JOB_ADMIN_DIGEST,
      housekeeping: e.JOB_HOUSEKEEPING,
      reminderPrivateAfterWeeks: e.REMINDER_PRIVATE_AFTER_WEEKS,
      reminderAdminsAfterWeeks: e.REMINDER_ADMINS_AFTER_WEEKS,
      retentionDays: e.RETENTION_DAYS,
      backupDir: e.BACKUP_DIR,
      backupKeep: e.BACKUP_KEEP,
      fontCacheDir: e.FONT_CACHE_DIR,
    },
    version: readVersion(),
  }
}

function readVersion(): string {
  try {
    // src/config.ts, or dist/src/config.js in a build: package.json is at the top either way.
    for (const up of ['../package.json', '../../package.json']) {
      const url = new URL(up, import.meta.url)
      if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
    }
    return '0.0.0'
  } catch {
    return '0.0.0'
  }
}

/** The configured secrets, masked wherever they would appear in a log line (src/log.ts). */
export function secretsOf(config: Config): string[] {
  return [config.bot.secret, config.bot.aesKey, config.bot.token, config.app.secret, config.app.aesKey, config.app.token].filter(
    (s): s is string => Boolean(s),
  )
}
