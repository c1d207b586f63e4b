// The per-key window on its own: slots held from the answer plus a margin, waiting rows queued in
// order with the moment each slot frees, 45009 blocking the key, rows that left not waited for.
import { describe, expect, it } from 'vitest'
import { SlidingWindow } from '../../src/outbox/rate-window.js'

const K = 'key-a'

describe('SlidingWindow', () => {
  it('a slot is held from the answer for the window plus the margin', () => {
    const w = new SlidingWindow(2, 60_000, 500)
    expect(w.take(K, 0, 1)).toBe(0)
    w.settle(K, 0, 300) // WeCom counted it somewhere in those 300 ms
    expect(w.take(K, 1_000, 2)).toBe(0)
    expect(w.take(K, 2_000, 3)).toBe(300 + 60_500 - 2_000)
    expect(w.take(K, 60_799, 3)).toBe(1)
    expect(w.take(K, 60_800, 3)).toBe(0)
  })

  it('waiting rows get the moment their slot frees, in row order, two windows ahead when needed', () => {
    const w = new SlidingWindow(2, 60_000, 500)
    w.take(K, 0, 1)
    w.take(K, 1_000, 2)
    expect(w.queue(K, [3, 4, 5], 2_000)).toEqual([60_500, 61_500, 121_000])
    expect(w.queue(K, [6], 3_000)).toEqual([122_000]) // behind the rows already waiting
    // A row that has not waited its turn does not overtake them, even when a slot is free.
    expect(w.take(K, 61_000, 9)).toBeGreaterThan(0)
    expect(w.take(K, 60_500, 3)).toBe(0)
    expect(w.take(K, 61_500, 4)).toBe(0)
  })

  it('45009 blocks the key until our oldest send leaves the window; the refused send did not count', () => {
    const w = new SlidingWindow(20, 60_000, 500)
    w.take(K, 0, 1)
    w.take(K, 10_000, 2)
    expect(w.refuse(K, 10_000, 10_100)).toBe(60_500)
    expect(w.take(K, 30_000, 2)).toBe(30_500)
    expect(w.queue(K, [2, 3], 30_000)).toEqual([60_500, 60_500])
    expect(w.take(K, 60_500, 2)).toBe(0)
    expect(w.take(K, 60_500, 3)).toBe(0)
  })

  it('a row that left without sending is not waited for', () => {
    const w = new SlidingWindow(1)
    w.take(K, 0, 1)
    w.queue(K, [2, 3], 0)
    w.forget(2)
    expect(w.take(K, 60_000, 3)).toBe(0)
  })
})
