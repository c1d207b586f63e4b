// WXBizMsgCrypt (WECOM.md §1): AES-256-CBC, IV = key[0..16), PKCS#7 padded to 32 bytes by hand
// (Node's auto padding only knows 16-byte blocks), SHA-1 signature over the sorted strings.
import { createCipheriv, createDecipheriv, createHash, randomFillSync, timingSafeEqual } from 'node:crypto'

export class CryptoError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
    this.name = 'CryptoError'
  }
}

const BLOCK = 32

/** EncodingAESKey (43 chars) → 32-byte AES key. */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new CryptoError(-40004, 'illegal EncodingAESKey')
  const key = Buffer.from(encodingAesKey + '=', 'base64')
  if (key.length !== 32) throw new CryptoError(-40004, 'illegal EncodingAESKey')
  return key
}

export function pkcs7Pad(buf: Buffer): Buffer {
  const n = BLOCK - (buf.length % BLOCK)
  return Buffer.concat([buf, Buffer.alloc(n, n)])
}

export function pkcs7Unpad(buf: Buffer): Buffer {
  const n = buf[buf.length - 1]
  if (n === undefined || n < 1 || n > BLOCK || n > buf.length) throw new CryptoError(-40007, 'bad padding')
  // Every padding byte must say n: a tampered or padded ciphertext rarely decrypts to that.
  for (let i = buf.length - n; i < buf.length; i++) if (buf[i] !== n) throw new CryptoError(-40007, 'bad padding')
  return buf.subarray(0, buf.length - n)
}

export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const joined = [token, timestamp, nonce, encrypt].sort().join('')
  return createHash('sha1').update(joined).digest('hex')
}

/** Timing-safe comparison of a received msg_signature with the expected one. */
export function verifySignature(token: string, timestamp: string, nonce: string, encrypt: string, received: string): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypt), 'utf8')
  const got = Buffer.from(received.toLowerCase(), 'utf8')
  return expected.length === got.length && timingSafeEqual(expected, got)
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Decrypts a callback payload and returns the message and the receiveid it carried. */
export function decrypt(key: Buffer, encrypt: string): { message: string; receiveId: string; random: Buffer } {
  if (!BASE64.test(encrypt) || encrypt.length % 4 !== 0) throw new CryptoError(-40010, 'bad base64')
  const data = Buffer.from(encrypt, 'base64')
  if (data.length === 0 || data.length % 16 !== 0) throw new CryptoError(-40007, 'bad ciphertext length')
  let plain: Buffer
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
    decipher.setAutoPadding(false)
    plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]))
  } catch (err) {
    if (err instanceof CryptoError) throw err
    throw new CryptoError(-40007, 'decrypt failed')
  }
  if (plain.length < 20) throw new CryptoError(-40008, 'plaintext too short')
  const len = plain.readUInt32BE(16)
  if (20 + len > plain.length) throw new CryptoError(-40008, 'bad message length')
  const message = plain.subarray(20, 20 + len).toString('utf8')
  const receiveId = plain.subarray(20 + len).toString('utf8')
  return { message, receiveId, random: plain.subarray(0, 16) }
}

// The 16 random bytes before each message, taken from a pool the CSPRNG fills 4 KiB at a time: one
// randomBytes(16) call per reply cost ~2% of the callback path's CPU.
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

function randomPrefix(): Buffer {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + 16))
  poolOffset += 16
  return out
}

export function encrypt(key: Buffer, message: string, receiveId: string, random: Buffer = randomPrefix()): string {
  const msg = Buffer.from(message, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(msg.length, 0)
  const plain = pkcs7Pad(Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]))
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
}

/** Decrypts a media file downloaded from a callback URL (whole file is ciphertext, PKCS#7-32). */
export function decryptFile(key: Buffer, data: Buffer): Buffer {
  if (data.length === 0 || data.length % 16 !== 0) throw new CryptoError(-40007, 'bad file ciphertext length')
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  decipher.setAutoPadding(false)
  return pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]))
}

export function encryptFile(key: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(pkcs7Pad(data)), cipher.final()])
}

/** A callback crypto bound to one token, key and receiveid ('' for the intelligent bot, corpid for apps). */
export class CallbackCrypto {
  readonly key: Buffer
  constructor(
    readonly token: string,
    encodingAesKey: string,
    readonly receiveId: string,
  ) {
    this.key = decodeAesKey(encodingAesKey)
  }
  verify(timestamp: string, nonce: string, encrypted: string, msgSignature: string): boolean {
    return verifySignature(this.token, timestamp, nonce, encrypted, msgSignature)
  }
  /**
   * Decrypts and checks the receiveid exactly. For the intelligent bot it is '' (WECOM.md §1.2): the
   * official SDK skips the check then, but anything after the message means the ciphertext was not
   * WeCom's (e.g. extra blocks appended), so we refuse it.
   */
  open(encrypted: string): string {
    const { message, receiveId } = decrypt(this.key, encrypted)
    if (receiveId !== this.receiveId) throw new CryptoError(-40005, 'receiveid mismatch')
    return message
  }
  seal(message: string, timestamp: string, nonce: string, random?: Buffer): { encrypt: string; signature: string } {
    const enc = encrypt(this.key, message, this.receiveId, random)
    return { encrypt: enc, signature: signature(this.token, timestamp, nonce, enc) }
  }
}
