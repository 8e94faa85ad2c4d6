// The in-memory window counter behind the API's rate limits: budget, reset, independence of keys
// and bounded memory.
import { describe, expect, it } from 'vitest'
import { FixedWindowLimiter } from '../../src/platform/fixed-window-limiter.js'
import { ManualClock } from '../support/manual-clock.js'

describe('FixedWindowLimiter', () => {
  describe('happy', () => {
    it('allows `limit` hits per window, counting down, then refuses until the window closes', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<string>({ limit: 3, clock })
      expect(limiter.hit('a')).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 })
      clock.advance(10_000)
      expect(limiter.hit('a')).toEqual({ allowed: true, limit: 3, remaining: 1, resetSeconds: 50 })
      expect(limiter.hit('a')).toEqual({ allowed: true, limit: 3, remaining: 0, resetSeconds: 50 })
      expect(limiter.hit('a')).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 50 })
      clock.advance(49_500)
      expect(limiter.hit('a')).toMatchObject({ allowed: false, resetSeconds: 1 })
      clock.advance(500)
      // The window opened at the first hit, 60 s ago: a new one starts with a full budget.
      expect(limiter.hit('a')).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 })
    })

    it('keeps a separate budget per key', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<number>({ limit: 1, clock })
      expect(limiter.hit(1).allowed).toBe(true)
      expect(limiter.hit(1).allowed).toBe(false)
      expect(limiter.hit(2).allowed).toBe(true)
    })

    it('peek says whether the next hit would pass, without counting', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<string>({ limit: 2, clock })
      expect(limiter.peek('ip')).toMatchObject({ allowed: true, remaining: 2 })
      limiter.hit('ip')
      expect(limiter.peek('ip')).toMatchObject({ allowed: true, remaining: 1 })
      expect(limiter.peek('ip')).toMatchObject({ allowed: true, remaining: 1 })
      clock.advance(15_000)
      limiter.hit('ip')
      expect(limiter.peek('ip')).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 45 })
      clock.advance(45_000)
      expect(limiter.peek('ip')).toMatchObject({ allowed: true, remaining: 2 })
    })

    it('rounds the reset up to whole seconds, never below 1', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<string>({ limit: 5, clock, windowMs: 1_500 })
      expect(limiter.hit('a').resetSeconds).toBe(2)
      clock.advance(1_499)
      expect(limiter.hit('a').resetSeconds).toBe(1)
    })
  })

  describe('memory', () => {
    it('drops expired windows as new hits arrive', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<string>({ limit: 10, clock })
      for (let i = 0; i < 1_000; i++) limiter.hit(`old-${i}`)
      expect(limiter.size).toBe(1_000)
      clock.advance(30_000)
      limiter.hit('recent')
      expect(limiter.size).toBe(1_001)
      clock.advance(30_000)
      limiter.hit('new')
      expect(limiter.size).toBe(2)
    })

    it('never holds more than maxKeys windows, forgetting the oldest first', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<string>({ limit: 1, clock, maxKeys: 100 })
      limiter.hit('first')
      for (let i = 0; i < 500; i++) {
        clock.advance(1)
        limiter.hit(`key-${i}`)
        expect(limiter.size).toBeLessThanOrEqual(100)
      }
      // Forgotten, so it may pass again; the newest keys are still limited.
      expect(limiter.hit('first').allowed).toBe(true)
      expect(limiter.hit('key-499').allowed).toBe(false)
    })

    it('a key whose window renews moves behind the others, so eviction stays in window order', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<string>({ limit: 1, clock })
      limiter.hit('a')
      clock.advance(10_000)
      limiter.hit('b')
      clock.advance(50_000)
      limiter.hit('a') // a's first window closed: a new one opens now
      clock.advance(15_000) // b's window (opened 65 s ago) closed; a's (15 s) did not
      limiter.hit('c')
      expect(limiter.size).toBe(2)
      expect(limiter.hit('a').allowed).toBe(false)
    })
  })

  describe('release', () => {
    it('takes back one hit of the current window, never below zero, and not of a closed one', () => {
      const clock = new ManualClock()
      const limiter = new FixedWindowLimiter<string>({ limit: 2, clock })
      limiter.hit('a')
      limiter.hit('a')
      expect(limiter.peek('a').allowed).toBe(false)
      limiter.release('a')
      expect(limiter.peek('a')).toMatchObject({ allowed: true, remaining: 1 })
      limiter.release('a')
      limiter.release('a')
      expect(limiter.peek('a').remaining).toBe(2)
      limiter.release('b') // no window: nothing to take back
      expect(limiter.peek('b').remaining).toBe(2)
      limiter.hit('a')
      clock.advance(60_000)
      limiter.release('a') // the window closed: the next hit opens a new one
      expect(limiter.hit('a').remaining).toBe(1)
    })
  })

  describe('error', () => {
    it('refuses a limit that is not a positive integer', () => {
      const clock = new ManualClock()
      expect(() => new FixedWindowLimiter({ limit: 0, clock })).toThrow(/limit/)
      expect(() => new FixedWindowLimiter({ limit: 1.5, clock })).toThrow(/limit/)
    })
  })
})
