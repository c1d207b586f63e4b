// Test dependencies: a fresh migrated database, a fake clock, a silent logger, the real outbox.
import pino from 'pino'
import type { Config } from '../../src/config.js'
import type { Deps } from '../../src/deps.js'
import { createOutbox } from '../../src/outbox/outbox.js'
import type { WecomClient } from '../../src/wecom/client.js'
import { FakeClock } from './fake-clock.js'
import { testConfig } from './test-config.js'
import { createTestDb, type TestDb } from './test-db.js'

export interface TestDeps extends Deps {
  clock: FakeClock
  dbh: TestDb
}

let counter = 0

export async function createTestDeps(options: { clock?: FakeClock; config?: Config; wecom?: WecomClient } = {}): Promise<TestDeps> {
  const clock = options.clock ?? new FakeClock()
  const dbh = await createTestDb()
  return {
    db: dbh.db,
    dbh,
    clock,
    config: options.config ?? testConfig(),
    wecom: options.wecom ?? ({} as WecomClient),
    outbox: createOutbox(clock),
    log: pino({ level: 'silent' }),
    ids: { next: (prefix = '') => `${prefix}id${++counter}` },
  }
}
