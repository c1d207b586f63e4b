import type { Request, Response } from 'express'
import type { Deps } from '../deps.js'

/** GET /healthz: database reachable, mode, version. 503 when the database does not answer. */
export function healthHandler(deps: Deps) {
  return async (_req: Request, res: Response) => {
    let database = false
    try {
      database = await deps.dbh.ping()
    } catch {
      database = false
    }
    const dead = database
      ? Number((await deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'dead').executeTakeFirst())?.n ?? 0)
      : undefined
    res.status(database ? 200 : 503).json({
      ok: database,
      database: database ? 'ok' : 'unreachable',
      dialect: deps.dbh.dialect,
      mode: deps.config.mode,
      version: deps.config.version,
      outboxDead: dead,
    })
  }
}
