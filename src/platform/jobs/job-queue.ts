// The durable job queue: a job is a row in `jobs`, written in the caller's transaction, so it
// exists if and only if the action that wanted it committed. JobRunner (job-runner.ts) runs it.
import type { Clock } from '../clock.js'
import type { Db } from '../db/connect.js'

export interface EnqueueJobInput {
  kind: string
  accountId?: number | null
  payload: unknown
  /** When the job becomes due (default: now). */
  runAt?: Date
  /** Attempts before the job is marked failed (default JOB_DEFAULT_MAX_ATTEMPTS). */
  maxAttempts?: number
}

/** 8 attempts cover about 21 hours with RETRY_DELAYS_MS. */
export const JOB_DEFAULT_MAX_ATTEMPTS = 8

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Wait after failed attempt n (index n-1): 1 min, 5 min, 30 min, 2 h, 4 h, 6 h, 8 h (≈ 20.6 h in all); later attempts wait 8 h. */
export const RETRY_DELAYS_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 4 * HOUR, 6 * HOUR, 8 * HOUR] as const

/** How long to wait after the `attempt`-th failure (1-based) before the next try. */
export function retryDelayMs(attempt: number): number {
  return RETRY_DELAYS_MS[Math.min(Math.max(attempt, 1), RETRY_DELAYS_MS.length) - 1]!
}

export async function enqueueJob(trx: Db, clock: Clock, input: EnqueueJobInput): Promise<number> {
  const now = clock.now().toISOString()
  const maxAttempts = input.maxAttempts ?? JOB_DEFAULT_MAX_ATTEMPTS
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, got ${maxAttempts}`)
  const row = await trx
    .insertInto('jobs')
    .values({
      kind: input.kind,
      account_id: input.accountId ?? null,
      payload_json: JSON.stringify(input.payload ?? null),
      state: 'pending',
      run_at: (input.runAt ?? clock.now()).toISOString(),
      max_attempts: maxAttempts,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}
