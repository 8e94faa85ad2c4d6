// A document's `valid_until` is a calendar date: the last day its signing links work, read in the
// account's time zone. One rule for everything that depends on it: the links (dead the day after,
// and no longer shown as `url_to_sign`),
// the expiry task, and send and resend, which refuse to e-mail links that would already be dead.
import { AppError } from '../../platform/errors.js'
import { localDate } from '../../platform/time-zones.js'

/** Whether the last valid day is behind us in the account's time zone. */
export function validityEnded(validUntil: string | null, now: Date, timeZone: string): boolean {
  return validityEndedBy(validUntil, localDate(now, timeZone))
}

/** The same, with today's date in the account's time zone already known. */
export function validityEndedBy(validUntil: string | null, today: string): boolean {
  return validUntil !== null && validUntil < today
}

/** Refuses an action that would e-mail signing links already dead (send, resend). */
export function assertValidityOpen(row: { id: number; valid_until: string | null }, now: Date, timeZone: string): void {
  if (!validityEnded(row.valid_until, now, timeZone)) return
  throw new AppError('validity_ended', `Document ${row.id} was valid until ${row.valid_until}: its signing links would not open, so nothing was sent.`, {
    errors: [{ in: 'body', path: '/valid_until', message: `is before today (${localDate(now, timeZone)}) in the account's time zone` }],
    valid_until: row.valid_until,
  })
}
