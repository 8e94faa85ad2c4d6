// How often a signer came back to their document (docs/DECISIONS.md "The seller sees how often a
// signer opened the document"). A seller calls the customer who has just read the proposal for
// the third time; the first open alone (viewed_at) does not tell them that. Every open of the
// signing page within OPEN_VISIT_MINUTES of the last counted one belongs to the same visit (a
// reload, the page again after asking for a code, a second tab), so the count reads as visits.
import { type Clock, isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'

export const OPEN_VISIT_MINUTES = 30

export interface OpenedLink {
  accountId: number
  signerId: number
  /** The link's secret: a link replaced meanwhile (a corrected e-mail) counts nothing. */
  token: string
}

/**
 * Counts this open as a visit unless the last visit began under OPEN_VISIT_MINUTES ago. One
 * conditional update, no lock on the document: two opens at the same moment are serialised by the
 * signer's row, and the second finds the first's time and counts nothing. The document's
 * `updated_at` does not move: it changes nothing the document says (the change feed would list it at every read).
 */
export async function countSignerOpen(db: Db, clock: Clock, link: OpenedLink): Promise<void> {
  const visitStartedAfter = new Date(clock.now().getTime() - OPEN_VISIT_MINUTES * 60_000).toISOString()
  await db
    .updateTable('proposal_signers')
    .set((eb) => ({ open_count: eb('open_count', '+', 1), last_opened_at: isoNow(clock) }))
    .where('account_id', '=', link.accountId)
    .where('id', '=', link.signerId)
    .where('sign_token', '=', link.token)
    .where((eb) => eb.or([eb('last_opened_at', 'is', null), eb('last_opened_at', '<=', visitStartedAfter)]))
    .execute()
}
