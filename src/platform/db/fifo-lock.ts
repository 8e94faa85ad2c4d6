// A mutual-exclusion lock that hands itself to waiters in arrival order. Kysely's stock SQLite
// driver wakes every waiter on each release and lets them race for the lock again, so with 50
// requests in flight each release costs 49 wake-ups (and the unlucky can starve); here a release
// wakes exactly one waiter, the oldest. A waiter may say what it wants the lock for, so the holder
// can see whether the next one is a transaction (the SQLite driver's group commit joins those).
export type LockPurpose = 'transaction' | 'statement'

export class FifoLock {
  #held = false
  readonly #waiters: Array<{ wake: () => void; purpose: LockPurpose }> = []

  /** Resolves once the caller holds the lock; when it is free that is right away, without queueing. */
  acquire(purpose: LockPurpose = 'statement'): Promise<void> {
    if (!this.#held) {
      this.#held = true
      return Promise.resolve()
    }
    return new Promise((wake) => this.#waiters.push({ wake, purpose }))
  }

  /** Takes the lock if it is free, without waiting; false when someone holds it. */
  tryAcquire(): boolean {
    if (this.#held) return false
    this.#held = true
    return true
  }

  /** What the oldest waiter wants the lock for; null when nobody waits. */
  nextPurpose(): LockPurpose | null {
    return this.#waiters[0]?.purpose ?? null
  }

  release(): void {
    const next = this.#waiters.shift()
    // Ownership passes straight to the next waiter: the lock never looks free in between.
    if (next) next.wake()
    else this.#held = false
  }
}
