// multipart/form-data for WeCom media uploads (WECOM.md §4.2): one part named `media` whose
// Content-Disposition carries `filename` and `filelength`, as the official docs show.
import { randomBytes } from 'node:crypto'

export function mediaForm(buf: Buffer, filename: string): { body: Buffer; contentType: string } {
  const boundary = '----studybot' + randomBytes(12).toString('hex')
  // Quotes and line breaks would break the header; everything else is sent as UTF-8.
  const safeName = filename.replace(/[\r\n]/g, ' ').replace(/"/g, '%22') || 'file'
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${safeName}"; filelength=${buf.length}\r\n` +
    `Content-Type: application/octet-stream\r\n\r\n`
  const body = Buffer.concat([Buffer.from(head, 'utf8'), buf, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}
