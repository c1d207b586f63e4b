// The long-lived dependencies, built once in src/app.ts and handed to every command and job.
import type { Kysely } from 'kysely'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Db } from './db/create-db.js'
import type { Database } from './db/schema.js'
import type { Ids } from './ids.js'
import type { Logger } from './log.js'
import type { Outbox } from './outbox/outbox.js'
import type { WecomClient } from './wecom/client.js'

export interface Deps {
  db: Kysely<Database>
  dbh: Db
  clock: Clock
  config: Config
  wecom: WecomClient
  outbox: Outbox
  log: Logger
  ids: Ids
}

/** A kysely handle that may be the database or a transaction. Query functions take this first. */
export type DbOrTrx = Kysely<Database>
