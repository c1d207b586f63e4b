// Uploaded media (upload_media, media/upload, webhook images): kept in memory for 3 days like
// WeCom's media ids, so the page can show images inline and offer files for download.
import { randomBytes } from 'node:crypto'
import type { Clock } from '../../clock.js'

export interface Media {
  id: string
  type: 'file' | 'voice' | 'image' | 'video'
  filename: string
  contentType: string
  data: Buffer
  /** the webhook key that uploaded it, or 'app' */
  scope: string
  createdAt: number
}

const TTL_MS = 3 * 24 * 3600 * 1000
const MAX_TOTAL_BYTES = 300 * 1024 * 1024

export class MediaStore {
  private items = new Map<string, Media>()
  constructor(private readonly clock: Clock) {}

  put(m: Omit<Media, 'id' | 'createdAt'>): Media {
    const media: Media = { ...m, id: '3' + randomBytes(24).toString('base64url'), createdAt: this.clock.now().getTime() }
    this.items.set(media.id, media)
    this.evict()
    return media
  }

  /** The media if it exists, is not expired and (when scope is given) belongs to that scope. */
  get(id: string, scope?: string): Media | undefined {
    const m = this.items.get(id)
    if (!m || this.clock.now().getTime() - m.createdAt > TTL_MS) return undefined
    if (scope !== undefined && m.scope !== scope) return undefined
    return m
  }

  clear(): void {
    this.items.clear()
  }

  private evict(): void {
    let total = [...this.items.values()].reduce((n, m) => n + m.data.length, 0)
    for (const [id, m] of this.items) {
      if (total <= MAX_TOTAL_BYTES) break
      this.items.delete(id)
      total -= m.data.length
    }
  }
}

export function guessContentType(filename: string, fallback = 'application/octet-stream'): string {
  const ext = filename.toLowerCase().split('.').pop() ?? ''
  const types: Record<string, string> = {
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8',
    pdf: 'application/pdf', txt: 'text/plain; charset=utf-8', amr: 'audio/amr', mp4: 'video/mp4',
  }
  return types[ext] ?? fallback
}

/** Detects PNG/JPEG by magic number (webhook images must be one of those). */
export function imageType(data: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  return undefined
}
