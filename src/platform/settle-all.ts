// Statements a transaction issues together (one round trip on PostgreSQL, whose transaction
// connections pipeline: platform/db/postgres-pool.ts) must all have settled before the
// transaction goes on or rolls back: Promise.all would reject at the first failure while the
// others still run, and the rollback would race them. This waits for every one, then fails with
// the first failure in the order given (not in time), so which error a request gets is stable.

/** Awaits every promise; then throws the first rejection by position, or returns every value. */
export async function settleAll<T extends readonly unknown[] | []>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const outcomes = await Promise.allSettled(promises)
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> }
}
