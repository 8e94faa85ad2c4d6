// Deleting rows past their retention: the cut-off instant, and the deletion in bounded batches so
// no transaction holds a table (or SQLite's write lock) for long, with other work let through
// between batches. Used by the pruning of the request log, the job queue and the webhook deliveries.

const DAY_MS = 24 * 60 * 60 * 1000

/** Rows deleted per statement by every pruning task. */
export const PRUNE_BATCH_SIZE = 5_000

/** The instant before which rows kept `retentionDays` days are deleted. */
export function retentionCutoff(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString()
}

/** Runs `deleteBatch` (which deletes at most `batchSize` rows and says how many) until a batch comes up short; returns the total. */
export async function deleteInBatches(batchSize: number, deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0
  for (;;) {
    const deleted = await deleteBatch(batchSize)
    total += deleted
    if (deleted < batchSize) return total
    // Let requests (and their writes) run between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
}
