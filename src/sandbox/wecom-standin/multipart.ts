// A small multipart/form-data reader for upload_media (one file part named "media").
export interface Part {
  name: string
  filename?: string
  contentType?: string
  data: Buffer
}

export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '')
  const boundary = m?.[1] ?? m?.[2]
  if (!boundary) return undefined
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: Part[] = []
  let pos = body.indexOf(delimiter)
  while (pos !== -1) {
    const start = pos + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next === -1) break
    const chunk = body.subarray(start + 2, next - 2) // skip CRLF after the delimiter and before the next
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8')
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? ''
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? ''
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
      const type = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]
      parts.push({ name, filename, contentType: type, data: chunk.subarray(headerEnd + 4) })
    }
    pos = next
  }
  return parts
}
