// Fetching a file a member sent to the bot: download the URL (valid 5 minutes), then decrypt it —
// with the file's own aeskey (long connection) or the bot callback key (URL callback mode).
import axios from 'axios'
import type { IncomingFile } from '../bot/incoming.js'
import { decodeAesKey, decryptFile } from '../wecom/crypto.js'

export const MAX_FILE_BYTES = 10 * 1024 * 1024

/** Downloads raw bytes. Injectable so tests can feed bytes without a network. */
export type FileFetcher = (url: string) => Promise<Buffer>

export const axiosFetcher: FileFetcher = async (url) => {
  const res = await axios.get<ArrayBuffer>(url, { responseType: 'arraybuffer', timeout: 30_000, maxContentLength: MAX_FILE_BYTES * 2, maxRedirects: 3 })
  return Buffer.from(res.data)
}

export class FileTooBigError extends Error {
  constructor(readonly bytes: number) {
    super(`file too big: ${bytes}`)
  }
}

/** The decrypted file. Throws on network, size or crypto problems (the caller replies kindly). */
export async function downloadFile(file: IncomingFile, botAesKey: string | undefined, fetch: FileFetcher = axiosFetcher): Promise<Buffer> {
  const bytes = await fetch(file.url)
  if (bytes.length > MAX_FILE_BYTES * 2) throw new FileTooBigError(bytes.length)
  const key = file.aeskey ? Buffer.from(file.aeskey, 'base64') : botAesKey ? decodeAesKey(botAesKey) : undefined
  const plain = key ? decryptFile(key, bytes) : bytes
  if (plain.length > MAX_FILE_BYTES) throw new FileTooBigError(plain.length)
  return plain
}
