// A REAL bot process (`node --import tsx src/main.ts`) on 127.0.0.1 with a free port, in callback
// mode with generated keys, WeCom's REST API pointed at a local fake, and a database URL of the
// test's choosing (a temporary SQLite file, or a PostgreSQL schema the test created and migrated:
// postgres://…?options=-c%20search_path%3D<schema>). It waits for /healthz, keeps every log line,
// and can be stopped (SIGTERM), killed (SIGKILL) and restarted on the same database.
//
//   const bot = await BotProcess.start({ databaseUrl, apiBase: fake.url })
//   const client = bot.botClient()          // signed, encrypted callbacks to /wecom/bot
//   await bot.kill(); await bot.restart()
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CallbackClient, generateCallbackKeys } from './callback-client.js'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface BotProcessOptions {
  /** DATABASE_URL of the process */
  databaseUrl: string
  /** WECOM_API_BASE: a local fake WeCom server */
  apiBase: string
  /** the intelligent bot's callback keys (default: generated); pass the same keys to a second process */
  keys?: { token: string; aesKey: string }
  /** more environment (ADMIN_USERIDS, JOB_* schedules, WECOM_APP_* …) */
  env?: Record<string, string>
  /** how long to wait for /healthz (default 90 s: a cold tsx start on a busy machine is slow) */
  startTimeoutMs?: number
}

export interface LogLine {
  level?: number
  msg?: string
  [key: string]: unknown
}

export class BotProcess {
  /** every stdout/stderr line of every run of this bot, in order */
  readonly output: string[] = []
  readonly keys: { token: string; aesKey: string }
  private child?: ChildProcess
  private exited?: Promise<number | null>
  port = 0

  private constructor(readonly options: BotProcessOptions) {
    this.keys = options.keys ?? generateCallbackKeys()
  }

  static async start(options: BotProcessOptions): Promise<BotProcess> {
    const bot = new BotProcess(options)
    await bot.launch()
    return bot
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null)
  }

  /** The structured (JSON) log lines. */
  logs(): LogLine[] {
    return this.output.flatMap((l) => {
      try {
        const v = JSON.parse(l) as unknown
        return v && typeof v === 'object' ? [v as LogLine] : []
      } catch {
        return []
      }
    })
  }

  /** A callback client for /wecom/bot with this process's keys (real time, as WeCom would sign). */
  botClient(): CallbackClient {
    return new CallbackClient({ baseUrl: this.baseUrl, format: 'json', ...this.keys, receiveId: '' })
  }

  env(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      WECOM_MODE: 'callback',
      WECOM_BOT_TOKEN: this.keys.token,
      WECOM_BOT_AES_KEY: this.keys.aesKey,
      WECOM_API_BASE: this.options.apiBase,
      DATABASE_URL: this.options.databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...this.options.env,
    }
  }

  private async launch(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    let listening: (port: number) => void = () => {}
    const port = new Promise<number>((resolve) => (listening = resolve))
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n')
        rest = lines.pop() ?? ''
        for (const line of lines) {
          this.output.push(line)
          const m = /"port":(\d+).*"msg":"study-bot listening"/.exec(line)
          if (m) listening(Number(m[1]))
        }
      })
    }
    const timeoutMs = this.options.startTimeoutMs ?? 90_000
    let timer: NodeJS.Timeout | undefined
    const failed = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bot did not start within ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`)), timeoutMs)
      void this.exited!.then((code) => reject(new Error(`bot exited with ${code} before it listened:\n${this.output.slice(-20).join('\n')}`)))
    })
    try {
      this.port = await Promise.race([port, failed])
      await Promise.race([this.healthy(), failed])
    } catch (err) {
      child.kill('SIGKILL')
      throw err
    } finally {
      clearTimeout(timer)
    }
  }

  /** Polls GET /healthz until it answers 200. */
  private async healthy(): Promise<void> {
    for (;;) {
      try {
        const res = await fetch(`${this.baseUrl}/healthz`)
        if (res.status === 200) return
      } catch {
        // not accepting yet
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  async health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}/healthz`)
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  /** Resolves with the first log line (already written or still to come) that matches. */
  async waitForLog(match: (l: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.logs().find(match)
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no such log line within ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  /** Graceful stop (SIGTERM); resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.running) return this.child?.exitCode ?? null
    this.child!.kill('SIGTERM')
    return this.exited!
  }

  /** Sudden death (SIGKILL): no shutdown code runs. */
  async kill(): Promise<void> {
    if (!this.running) return
    this.child!.kill('SIGKILL')
    await this.exited
  }

  /** Starts the process again on the same database and keys (a new port). */
  async restart(): Promise<void> {
    if (this.running) await this.stop()
    await this.launch()
  }
}
