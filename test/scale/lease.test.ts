// Leases in the database (src/cluster/lease.ts): one holder at a time, renewals, expiry and takeover,
// decided atomically by the database — also when many instances try at the same moment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { acquireLease, leaseHolder, releaseLease } from '../../src/cluster/lease.js'
import type { Db } from '../../src/db/create-db.js'
import { createSharedDb, type SharedDb } from './shared-db.js'

const T0 = new Date('2026-11-23T01:00:00Z') // Mon 09:00 Asia/Shanghai
const at = (s: number) => new Date(T0.getTime() + s * 1000)
const TTL = 30_000

// One database for the file (migrating a PostgreSQL schema is slow); every test starts without leases.
let shared: SharedDb
let a: Db
let b: Db
beforeAll(async () => {
  shared = await createSharedDb()
  a = shared.open()
  b = shared.open()
})
beforeEach(async () => void (await a.db.deleteFrom('leases').execute()))
afterAll(() => shared.drop())

describe('a lease', () => {
  it('is taken by the first instance, renewed by it, refused to others until it expires, then taken over', async () => {
    expect(await acquireLease(a.db, 'longconn', 'A', at(0), TTL)).toBe(true)
    expect(await acquireLease(b.db, 'longconn', 'B', at(1), TTL)).toBe(false)
    expect(await acquireLease(a.db, 'longconn', 'A', at(10), TTL)).toBe(true) // renewed until 40 s
    expect(await acquireLease(b.db, 'longconn', 'B', at(35), TTL)).toBe(false)
    expect(await leaseHolder(b.db, 'longconn', at(35))).toEqual({ holder: 'A', expiresAt: at(40) })
    expect(await leaseHolder(b.db, 'longconn', at(40))).toBeUndefined()
    expect(await acquireLease(b.db, 'longconn', 'B', at(40), TTL)).toBe(true)
    // the old holder comes back: refused, and its renewal does not steal the lease
    expect(await acquireLease(a.db, 'longconn', 'A', at(41), TTL)).toBe(false)
    const row = await a.db.selectFrom('leases').selectAll().executeTakeFirstOrThrow()
    expect(row).toEqual({ name: 'longconn', holder: 'B', expires_at: at(70).toISOString(), acquired_at: at(40).toISOString() })
  })

  it('keeps its acquisition time on renewal; leases with other names are independent', async () => {
    expect(await acquireLease(a.db, 'longconn', 'A', at(0), TTL)).toBe(true)
    expect(await acquireLease(a.db, 'longconn', 'A', at(10), TTL)).toBe(true)
    expect(await acquireLease(b.db, 'other', 'B', at(10), TTL)).toBe(true)
    const rows = await a.db.selectFrom('leases').selectAll().orderBy('name').execute()
    expect(rows).toEqual([
      { name: 'longconn', holder: 'A', expires_at: at(40).toISOString(), acquired_at: at(0).toISOString() },
      { name: 'other', holder: 'B', expires_at: at(40).toISOString(), acquired_at: at(10).toISOString() },
    ])
  })

  it('released by its holder is free at once; a release by someone else changes nothing', async () => {
    expect(await acquireLease(a.db, 'longconn', 'A', at(0), TTL)).toBe(true)
    expect(await releaseLease(b.db, 'longconn', 'B')).toBe(false)
    expect(await acquireLease(b.db, 'longconn', 'B', at(1), TTL)).toBe(false)
    expect(await releaseLease(a.db, 'longconn', 'A')).toBe(true)
    expect(await acquireLease(b.db, 'longconn', 'B', at(1), TTL)).toBe(true)
  })

  it('goes to exactly one of many instances trying at the same moment (fresh and expired)', async () => {
    const handles = [a, b, shared.open(), shared.open()]
    const race = (t: number) => Promise.all(Array.from({ length: 12 }, (_, i) => acquireLease(handles[i % handles.length]!.db, 'longconn', `I${t}-${i}`, at(t), TTL)))
    expect((await race(0)).filter(Boolean)).toHaveLength(1)
    expect((await race(29)).filter(Boolean)).toHaveLength(0)
    expect((await race(30)).filter(Boolean)).toHaveLength(1)
    expect(await a.db.selectFrom('leases').select('holder').execute()).toEqual([{ holder: expect.stringMatching(/^I30-/) }])
  })
})
