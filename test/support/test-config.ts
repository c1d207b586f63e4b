import { loadConfig, type Config } from '../../src/config.js'

/** A valid configuration for tests: sandbox-less callback mode with fixed test credentials. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    WECOM_MODE: 'callback',
    WECOM_BOT_TOKEN: 'testtoken',
    WECOM_BOT_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    ADMIN_USERIDS: 'wangshuji',
    LOG_LEVEL: 'silent',
    WECOM_API_BASE: 'http://127.0.0.1:9',
    ...overrides,
  })
}
