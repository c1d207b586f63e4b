// readBody: the callback routes' raw body reader (1 MB limit in production), over real HTTP.
import { createServer, request, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBody } from '../../src/http/callback-common.js'
import { ProtocolError } from '../../src/errors.js'

const LIMIT = 1000

describe('readBody', () => {
  let server: Server
  let port = 0
  const outcomes: Array<{ bytes?: number; status?: number; reason?: string }> = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      readBody(req, LIMIT).then(
        (body) => {
          outcomes.push({ bytes: body.length })
          res.writeHead(200).end(String(body.length))
        },
        (err: ProtocolError) => {
          outcomes.push({ status: err.status, reason: err.reason })
          res.writeHead(err.status).end()
        },
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as { port: number }).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  /** Sends `chunks` (chunked unless a Content-Length is given) and resolves with the status. */
  const post = (chunks: string[], headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      for (const c of chunks) req.write(c)
      req.end()
    })

  it('reads a body up to the limit, whole, in one or many chunks', async () => {
    expect(await post(['x'.repeat(LIMIT)], { 'content-length': String(LIMIT) })).toBe(200)
    expect(await post(['a'.repeat(400), 'b'.repeat(400), 'c'.repeat(200)])).toBe(200)
    expect(outcomes.splice(0)).toEqual([{ bytes: LIMIT }, { bytes: LIMIT }])
  })

  it('refuses a body over the limit: by its Content-Length before reading, or as it streams in', async () => {
    expect(await post(['x'.repeat(LIMIT + 1)], { 'content-length': String(LIMIT + 1) })).toBe(413)
    expect(await post(['a'.repeat(600), 'b'.repeat(600)])).toBe(413)
    expect(outcomes.splice(0).map((o) => o.status)).toEqual([413, 413])
  })

  it('refuses a compressed body (415): callbacks are read as they came', async () => {
    expect(await post(['x'], { 'content-encoding': 'gzip' })).toBe(415)
    expect(outcomes.splice(0)).toEqual([{ status: 415, reason: 'body rejected: encoding.unsupported' }])
  })
})
