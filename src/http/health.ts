import type { ServerResponse } from 'node:http'
import type { Deps } from '../deps.js'

export interface Health {
  status: number
  body: { ok: boolean; database: string; dialect: string; mode: string; version: string; outboxDead?: number }
}

/** Database reachable, mode, version, dead-lettered outbox rows. Status 503 when the database does not answer. */
export async function health(deps: Deps): Promise<Health> {
  let database = false
  let dead: number | undefined
  try {
    database = await deps.dbh.ping()
    const row = await deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'dead').executeTakeFirst()
    dead = Number(row?.n ?? 0)
  } catch {
    database = false
  }
  return {
    status: database ? 200 : 503,
    body: {
      ok: database,
      database: database ? 'ok' : 'unreachable',
      dialect: deps.dbh.dialect,
      mode: deps.config.mode,
      version: deps.config.version,
      outboxDead: database ? dead : undefined,
    },
  }
}

/** Answers GET /healthz from `check` (the app's health, or the bot thread's; a thread that is gone: 503). */
export async function sendHealth(res: ServerResponse, check: () => Promise<Health>): Promise<void> {
  let h: Health | { status: number; body: { ok: false } }
  try {
    h = await check()
  } catch {
    h = { status: 503, body: { ok: false } }
  }
  const body = JSON.stringify(h.body)
  res.writeHead(h.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body)
}
