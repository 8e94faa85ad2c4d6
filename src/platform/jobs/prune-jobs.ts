// Finished jobs (done, or failed after their last attempt) are deleted 30 days after their last
// run. A job is the queue's mechanics only: what it did is recorded where it matters (the webhook
// delivery, the e-mail, the document), and nothing reads a finished job. Kept, the queue grew by
// one row per e-mail and per webhook delivery for ever, with payloads naming customers' documents
// (an erasure searches them all, inside its transaction). Both states are ranges of jobs_due_idx
// (state, run_at); run_at of a finished job is when its last attempt was due.
import type { Clock } from '../clock.js'
import type { Db, Dialect } from '../db/connect.js'
import { PRUNE_BATCH_SIZE, deleteInBatches, retentionCutoff } from '../retention.js'

export const FINISHED_JOB_RETENTION_DAYS = 30

/** Deletes the finished jobs whose last run was due before the retention; returns how many. */
export async function pruneFinishedJobs(db: Db, dialect: Dialect, clock: Clock, batchSize = PRUNE_BATCH_SIZE): Promise<number> {
  const cutoff = retentionCutoff(clock.now(), FINISHED_JOB_RETENTION_DAYS)
  return deleteInBatches(batchSize, async (limit) => {
    let victims = db.selectFrom('jobs').select('id').where('state', 'in', ['done', 'failed']).where('run_at', '<', cutoff).limit(limit)
    // Processes pruning at the same moment split the work instead of waiting on each other's rows.
    if (dialect === 'postgres') victims = victims.forUpdate().skipLocked()
    const result = await db.deleteFrom('jobs').where('id', 'in', victims).executeTakeFirst()
    return Number(result.numDeletedRows)
  })
}
