// Retention (DESIGN.md §5): entries older than the configured number of days are deleted, a bounded
// batch per statement so no transaction holds the table for long. Run at start and hourly; several
// processes may run it at the same moment (each batch claims its own rows).
import type { Clock } from '../../../platform/clock.js'
import type { Db, Dialect } from '../../../platform/db/connect.js'
import { deleteRequestLogsBefore } from './request-log-repository.js'
import { type PeriodicTask, startPeriodicTask, type TaskLog } from '../../../platform/periodic-task.js'
import { PRUNE_BATCH_SIZE, retentionCutoff as cutoffBefore, deleteInBatches } from '../../../platform/retention.js'

export const PRUNE_INTERVAL_MS = 60 * 60 * 1000

export interface PruneOptions {
  retentionDays: number
  batchSize?: number
}

/** The instant before which entries are deleted. */
export function retentionCutoff(clock: Clock, retentionDays: number): string {
  return cutoffBefore(clock.now(), retentionDays)
}

/** Deletes every entry older than the retention; returns how many were deleted. */
export async function pruneRequestLogs(db: Db, dialect: Dialect, clock: Clock, { retentionDays, batchSize = PRUNE_BATCH_SIZE }: PruneOptions): Promise<number> {
  const cutoff = retentionCutoff(clock, retentionDays)
  return deleteInBatches(batchSize, (limit) => deleteRequestLogsBefore(db, cutoff, limit, dialect))
}

export type PruneSchedule = PeriodicTask

export interface PruneLog extends TaskLog {
  info(details: object, message: string): void
}

/** Prunes now and then every `intervalMs`; failures go to the log and the next run tries again. */
export function scheduleRequestLogPruning(db: Db, dialect: Dialect, clock: Clock, log: PruneLog, options: PruneOptions & { intervalMs?: number }): PruneSchedule {
  return startPeriodicTask('request log pruning', options.intervalMs ?? PRUNE_INTERVAL_MS, log, async () => {
    const deleted = await pruneRequestLogs(db, dialect, clock, options)
    if (deleted > 0) log.info({ deleted, retentionDays: options.retentionDays }, 'request log: pruned old entries')
  })
}
