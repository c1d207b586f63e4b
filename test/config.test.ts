import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { parse } from 'dotenv'
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config.js'

describe('configuration', () => {
  it('defaults to the sandbox with embedded SQLite when no WeCom credentials are set', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ mode: 'sandbox', host: '127.0.0.1', port: 3000, timezone: 'Asia/Shanghai', botName: '学习助手', databaseUrl: 'sqlite:./data/study-bot.db', maxSkewSeconds: 300, apiBase: 'https://qyapi.weixin.qq.com' })
  })
  it('picks callback or long-connection mode from the credentials', () => {
    expect(loadConfig({ WECOM_BOT_TOKEN: 'abc', WECOM_BOT_AES_KEY: 'a'.repeat(43) }).mode).toBe('callback')
    expect(loadConfig({ WECOM_BOT_ID: 'bot', WECOM_BOT_SECRET: 'sec' })).toMatchObject({ mode: 'longconn', host: '0.0.0.0' })
  })
  it('reports every bad or missing variable at once, in plain words', () => {
    try {
      loadConfig({ PORT: 'eighty', BOT_TIMEZONE: 'Mars/Base', WECOM_BOT_AES_KEY: 'short', WECOM_MODE: 'callback' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const problems = (err as ConfigError).problems.join('\n')
      expect(problems).toContain('PORT')
      expect(problems).toContain('BOT_TIMEZONE')
      expect(problems).toContain('WECOM_BOT_AES_KEY')
    }
  })
  it('requires what the chosen mode needs', () => {
    expect(() => loadConfig({ WECOM_MODE: 'longconn' })).toThrowError(/WECOM_BOT_ID[\s\S]*WECOM_BOT_SECRET/)
    expect(() => loadConfig({ WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's', WECOM_CORP_ID: 'ww1' })).toThrowError(/WECOM_APP_SECRET/)
  })
  it('parses admins and the skew window', () => {
    const c = loadConfig({ ADMIN_USERIDS: ' wangshuji , lisi ,', WECOM_MAX_SKEW_SECONDS: '0' })
    expect(c.adminUserIds).toEqual(['wangshuji', 'lisi'])
    expect(c.maxSkewSeconds).toBe(0)
  })
  it('limits the heap growth to ×1.5 unless told otherwise, 0 leaving it to Node', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(50)
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0)
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: 'lots' })).toThrowError(/HEAP_GROWING_PERCENT/)
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '-5' })).toThrowError(/HEAP_GROWING_PERCENT/)
  })
  it('.env.example documents every variable and is itself a valid configuration', () => {
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8')
    for (const name of CONFIG_VARIABLES) expect(text, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'))
    expect(loadConfig(parse(text))).toMatchObject({ mode: 'sandbox', port: 3000 })
  })
})
