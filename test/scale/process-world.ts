// The shared set-up of the real-process tests: one database several processes open, a fake WeCom
// server, and the bot process under test (killed at the end whatever happened).
import { afterAll, beforeAll } from 'vitest'
import type { BotProcess } from '../support/bot-process.js'
import { FakeWecomServer } from '../support/fake-wecom-server.js'
import { createSharedDb, type SharedDb } from './shared-db.js'

export interface ProcessWorld {
  shared: SharedDb
  fake: FakeWecomServer
  bot?: BotProcess
}

export function useProcessWorld(): ProcessWorld {
  const w = {} as ProcessWorld
  beforeAll(async () => {
    w.shared = await createSharedDb()
    w.fake = await FakeWecomServer.start()
  }, 60_000)
  afterAll(async () => {
    await w.bot?.kill()
    await w.fake?.close()
    await w.shared?.drop()
  })
  return w
}
