// Fetches a file a user sent (a roster to import): downloads the callback URL (valid 5 minutes)
// and decrypts it — with the file's own key (long connection) or the callback AES key (URL mode).
import axios from 'axios'
import type { IncomingFile } from '../bot/incoming.js'
import type { Config } from '../config.js'
import { decodeAesKey, decryptFile } from '../wecom/crypto.js'

const MAX_BYTES = 5 * 1024 * 1024

export async function downloadIncomingFile(file: IncomingFile, config: Pick<Config, 'bot'>): Promise<Buffer> {
  const res = await axios.get<ArrayBuffer>(file.url, { responseType: 'arraybuffer', timeout: 15_000, maxContentLength: MAX_BYTES + 64, proxy: false })
  const data = Buffer.from(res.data)
  const key = file.aeskey ? Buffer.from(file.aeskey, 'base64') : config.bot.aesKey ? decodeAesKey(config.bot.aesKey) : undefined
  if (!key) return data
  return decryptFile(key, data)
}
