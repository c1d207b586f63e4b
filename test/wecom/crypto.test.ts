import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CallbackCrypto, CryptoError, decodeAesKey, decrypt, encrypt, signature, verifySignature } from '../../src/wecom/crypto.js'

interface Vector {
  name: string
  token: string
  encodingAESKey: string
  receiveId: string
  msg_signature?: string
  timestamp?: string
  nonce?: string
  encrypt?: string
  echostr?: string
  expected_plaintext?: string
  random_hex?: string
  plaintext?: string
  expected_encrypt?: string
  [k: string]: unknown
}

const vectors = (JSON.parse(readFileSync(new URL('../../../shared/wecom/vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors

describe('official and verified WeCom crypto vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(8)
  })
  for (const v of vectors) {
    const payload = v.encrypt ?? v.echostr
    describe(v.name, () => {
      const key = decodeAesKey(v.encodingAESKey)
      if (payload && v.msg_signature && v.timestamp && v.nonce) {
        it('signature verifies, and a changed one does not', () => {
          expect(signature(v.token, v.timestamp!, v.nonce!, payload)).toBe(v.msg_signature)
          expect(verifySignature(v.token, v.timestamp!, v.nonce!, payload, v.msg_signature!)).toBe(true)
          const wrong = v.msg_signature!.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
          expect(verifySignature(v.token, v.timestamp!, v.nonce!, payload, wrong)).toBe(false)
        })
      }
      if (payload && v.expected_plaintext !== undefined) {
        it('decrypts to the expected plaintext with the right receiveid', () => {
          const out = decrypt(key, payload)
          expect(out.message).toBe(v.expected_plaintext)
          expect(out.receiveId).toBe(v.receiveId)
          if (v.random_hex) {
            expect(out.random.toString('hex')).toBe(v.random_hex)
            expect(encrypt(key, out.message, out.receiveId, out.random)).toBe(payload)
          }
        })
        it('CallbackCrypto rejects another receiveid', () => {
          const c = new CallbackCrypto(v.token, v.encodingAESKey, v.receiveId === '' ? 'ww-other' : v.receiveId + 'x')
          expect(() => c.open(payload)).toThrow(CryptoError)
        })
      }
    })
  }
})

describe('deterministic encryption (wechat_java_golden_encrypt_A1)', () => {
  it('encrypts 我是中文abcd123 to the golden ciphertext', () => {
    const key = decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')
    const out = encrypt(key, '我是中文abcd123', 'wxb11529c136998cb6', Buffer.from('aaaabbbbccccdddd'))
    expect(out).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==')
  })
  it('puts fresh random bytes before every message, also after the random pool is refilled', () => {
    const key = decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')
    const prefixes = Array.from({ length: 600 }, () => decrypt(key, encrypt(key, '签到', '')).random.toString('hex'))
    expect(new Set(prefixes).size).toBe(600)
    expect(prefixes.every((p) => p.length === 32 && p !== '0'.repeat(32))).toBe(true)
  })
})

describe('hostile input', () => {
  const c = new CallbackCrypto('QDG6eK', 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', '')
  it('round-trips any length (every pad size 1..32)', () => {
    for (let n = 0; n < 70; n++) {
      const msg = '签'.repeat(n) + 'x'.repeat(n % 7)
      expect(c.open(c.seal(msg, '1', '2').encrypt)).toBe(msg)
    }
  })
  it.each([
    ['empty', ''],
    ['not base64', '!!!!'],
    ['truncated', c.seal('hello', '1', '2').encrypt.slice(0, 20)],
    ['padded', c.seal('hello', '1', '2').encrypt + 'AAAA'],
  ])('rejects %s ciphertext with a CryptoError', (_name, bad) => {
    expect(() => c.open(bad)).toThrow(CryptoError)
  })
  it('refuses a bot ciphertext with a block appended, every time (strict padding, exact empty receiveid)', () => {
    for (let i = 0; i < 200; i++) {
      const sealed = Buffer.from(c.seal(`{"msgid":"m${i}"}`, '1', '2').encrypt, 'base64')
      const padded = Buffer.concat([sealed, Buffer.alloc(16, i % 256)]).toString('base64')
      expect(() => c.open(padded)).toThrow(CryptoError)
    }
  })
  it('accepts 43 × A (32 zero bytes) as a legal key', () => {
    expect(decodeAesKey('A'.repeat(43))).toEqual(Buffer.alloc(32))
  })
  it('rejects a short key', () => {
    expect(() => decodeAesKey('abc')).toThrow(CryptoError)
  })
})
