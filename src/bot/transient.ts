// Errors that mean "try again later" (database locked or unreachable): the transport answers
// with a retry-able failure so WeCom redelivers, and nothing was written.
export class TransientError extends Error {
  constructor(override readonly cause: unknown) {
    super(`transient failure: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'TransientError'
  }
}

const CODES = new Set([
  'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_IOERR', 'SQLITE_FULL',
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE',
  '57P01', '57P02', '57P03', '53300', '40001', '40P01', '08000', '08003', '08006',
])

export function isTransient(err: unknown): boolean {
  for (let e: any = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (e instanceof TransientError) return true
    if (typeof e.code === 'string' && CODES.has(e.code)) return true
    if (typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|database is locked|driver has already been destroyed|database connection is not open/i.test(e.message)) return true
  }
  return false
}
