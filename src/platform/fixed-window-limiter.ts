// Counts hits per key in fixed windows (e.g. requests per token per minute), in this process's
// memory. A key's window opens at its first hit and lasts `windowMs`; the next hit after that
// opens a new one. Windows are per key rather than aligned to the clock's minute, so clients do
// not all get their budget back at the same instant.
//
// Memory is bounded: entries are kept in the order their windows opened (a new window re-inserts
// its key at the end), so expired ones are always at the front and each hit drops them in
// amortised O(1); past `maxKeys` live windows, the oldest are dropped too (forgetting a window
// can only let a key through early, never block one wrongly).
import type { Clock } from './clock.js'

export interface WindowState {
  /** Whether this hit is within the limit. */
  allowed: boolean
  limit: number
  /** Hits left in the current window (never negative). */
  remaining: number
  /** Whole seconds until the window closes and the budget is back (at least 1). */
  resetSeconds: number
}

interface Window {
  startedAt: number
  count: number
}

export interface FixedWindowLimiterOptions {
  limit: number
  clock: Clock
  windowMs?: number
  maxKeys?: number
}

export class FixedWindowLimiter<K = string> {
  readonly limit: number
  readonly windowMs: number
  private readonly maxKeys: number
  private readonly clock: Clock
  private readonly windows = new Map<K, Window>()

  constructor(options: FixedWindowLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error(`limit must be a positive integer, got ${options.limit}`)
    this.limit = options.limit
    this.windowMs = options.windowMs ?? 60_000
    this.maxKeys = options.maxKeys ?? 100_000
    this.clock = options.clock
  }

  /** Counts one hit for `key` and says whether it is within the limit. */
  hit(key: K): WindowState {
    const now = this.clock.now().getTime()
    this.evict(now)
    let window = this.current(key, now)
    if (window === undefined) {
      window = { startedAt: now, count: 0 }
      this.windows.delete(key)
      this.windows.set(key, window)
    }
    window.count += 1
    return this.state(window, now, window.count <= this.limit)
  }

  /** The state of `key` without counting a hit; `allowed` says whether another hit would be. */
  peek(key: K): WindowState {
    const now = this.clock.now().getTime()
    const window = this.current(key, now)
    if (window === undefined) return { allowed: true, limit: this.limit, remaining: this.limit, resetSeconds: Math.ceil(this.windowMs / 1000) }
    return this.state(window, now, window.count < this.limit)
  }

  /**
   * Takes back one hit of `key` in its current window: an attempt counted before its outcome was
   * known (so that attempts running at once cannot all pass one check) that turned out not to count.
   */
  release(key: K): void {
    const window = this.current(key, this.clock.now().getTime())
    if (window !== undefined && window.count > 0) window.count -= 1
  }

  /** Keys with a window held in memory (expired ones may linger until the next hit). */
  get size(): number {
    return this.windows.size
  }

  private current(key: K, now: number): Window | undefined {
    const window = this.windows.get(key)
    return window !== undefined && now - window.startedAt < this.windowMs ? window : undefined
  }

  private state(window: Window, now: number, allowed: boolean): WindowState {
    const resetMs = window.startedAt + this.windowMs - now
    return { allowed, limit: this.limit, remaining: Math.max(0, this.limit - window.count), resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)) }
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt < this.windowMs && this.windows.size < this.maxKeys) break
      this.windows.delete(key)
    }
  }
}
