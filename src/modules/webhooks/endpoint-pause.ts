// An endpoint that keeps failing is paused: after WEBHOOK_PAUSE_AFTER_FAILURES failed attempts in a
// row (any of its deliveries), deliveries due to it are not sent for a minute; each failed attempt
// after that doubles the pause, up to ten minutes. A receiver that times out costs a job slot 10 s
// a try, so a burst of events to it held its account's slots for hours (10,000 events: ~14 h at
// two at a time) while each try told nothing new. Paused, such a try is recorded as a failed
// attempt that was not sent and retried on the delivery's own schedule, exactly as if it had been
// tried: a delivery's fate over its ~21 hours does not change, only the time spent waiting on a
// receiver known to be down. When the pause ends the next deliveries go out; the first success
// clears the run of failures. A manual redelivery's first attempt is always sent (it is how an
// admin checks a receiver just mended), and changing the URL or reactivating the endpoint clears
// the pause.
import type { Db } from '../../platform/db/connect.js'
import type { Instant } from '../../platform/db/schema.js'
import { notSentWhilePausedError } from './delivery-errors.js'

export const WEBHOOK_PAUSE_AFTER_FAILURES = 5
const FIRST_PAUSE_MS = 60_000
const LONGEST_PAUSE_MS = 10 * 60_000

/** How long an endpoint is paused after `failures` failed attempts in a row (0: not paused). */
export function pauseMsAfter(failures: number): number {
  if (failures < WEBHOOK_PAUSE_AFTER_FAILURES) return 0
  return Math.min(FIRST_PAUSE_MS * 2 ** (failures - WEBHOOK_PAUSE_AFTER_FAILURES), LONGEST_PAUSE_MS)
}

export function isPaused(endpoint: { paused_until: Instant | null }, now: Date): boolean {
  return endpoint.paused_until !== null && new Date(endpoint.paused_until).getTime() > now.getTime()
}

/** The error a try not sent records in the delivery log. */
export function notSentError(endpoint: { consecutive_failures: number | string; paused_until: Instant | null }): string {
  return notSentWhilePausedError(Number(endpoint.consecutive_failures), endpoint.paused_until!)
}

/** A successful attempt: the run of failures, the pause and the failing mark are over. */
export async function recordEndpointSuccess(trx: Db, endpointId: number): Promise<void> {
  await trx
    .updateTable('webhook_endpoints')
    .set({ failing_since: null, consecutive_failures: 0, paused_until: null })
    .where('id', '=', endpointId)
    .where((eb) => eb.or([eb('failing_since', 'is not', null), eb('consecutive_failures', '!=', 0), eb('paused_until', 'is not', null)]))
    .execute()
}

/**
 * A failed attempt that was sent: one more in the run, and the pause it earns from `at`. Counted in
 * the database, so attempts failing at once in several slots or processes all count.
 */
export async function recordEndpointFailure(trx: Db, endpointId: number, at: Date): Promise<void> {
  const row = await trx
    .updateTable('webhook_endpoints')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('id', '=', endpointId)
    .returning('consecutive_failures')
    .executeTakeFirst()
  const pauseMs = row === undefined ? 0 : pauseMsAfter(Number(row.consecutive_failures))
  if (pauseMs > 0) await trx.updateTable('webhook_endpoints').set({ paused_until: new Date(at.getTime() + pauseMs).toISOString() }).where('id', '=', endpointId).execute()
}

/** The fields that clear a pause, for an endpoint whose URL changed or that was reactivated. */
export const PAUSE_CLEARED = { consecutive_failures: 0, paused_until: null } as const
