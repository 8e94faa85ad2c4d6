// A mutual-exclusion lock that hands itself to waiters in arrival order. Kysely's stock SQLite
// driver wakes every waiter on each release and lets them race for the lock again, so with 50
// requests in flight each release costs 49 wake-ups (and the unlucky can starve); here a release
// wakes exactly one waiter, the oldest.
export class FifoLock {
  #held = false
  readonly #waiters: Array<() => void> = []

  /** Resolves once the caller holds the lock; when it is free that is right away, without queueing. */
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true
      return Promise.resolve()
    }
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  /** Takes the lock if it is free, without waiting; false when someone holds it. */
  tryAcquire(): boolean {
    if (this.#held) return false
    this.#held = true
    return true
  }

  release(): void {
    const next = this.#waiters.shift()
    // Ownership passes straight to the next waiter: the lock never looks free in between.
    if (next) next()
    else this.#held = false
  }
}
