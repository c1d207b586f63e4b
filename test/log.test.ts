import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../src/log.js'

function capture() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk))
      cb()
    },
  })
  return { lines, stream }
}

describe('logs', () => {
  it('redact message text, secrets by path, secret values anywhere and keys in URLs', () => {
    const { lines, stream } = capture()
    const log = createLogger('info', ['SuperSecretValue123'], stream)
    log.info({ text: '/签到 我的隐私', secret: 'x', nested: { token: 'y' } }, 'got message')
    log.warn({ err: { message: 'failed calling https://h/cgi-bin/webhook/send?key=abcdef-123 with SuperSecretValue123' } }, 'send failed')
    const all = lines.join('')
    expect(all).not.toContain('我的隐私')
    expect(all).not.toContain('SuperSecretValue123')
    expect(all).not.toContain('abcdef-123')
    expect(all).toContain('[redacted]')
    expect(all).toContain('send failed')
  })
})
