// The Painel's "Abertos recentemente": the signers who visited a document still waiting for
// signatures in the last RECENT_OPEN_DAYS, the latest visit first (lifecycle/signer-opens.ts counts
// them). A customer reading a proposal again is the moment a seller calls; the e-mail tells only of
// the first open. The whole account's, like the documents about to expire, each row naming its
// seller. One range of migration 057's partial index over the signers who opened anything, each
// row's document joined by its key and kept only while it waits.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { isOpenStatus } from '../lifecycle/open-status-term.js'

/** How far back the Painel looks: a visit older than a week is not news. */
export const RECENT_OPEN_DAYS = 7
/** At most this many are listed, the latest first. */
export const RECENT_OPENS_SHOWN = 8

export interface RecentOpen {
  /** The document's (as the Painel's other document rows). */
  id: number
  number: number
  title: string
  customerName: string
  sellerName: string | null
  signerName: string
  /** Visits to the signing page so far (reloads within 30 minutes are one). */
  openCount: number
  /** When the last visit began. */
  lastOpenedAt: string
}

/**
 * The account's signers whose last visit began since `since`, on documents still waiting, the
 * latest first (exported for its plan test). Signed, refused, cancelled and expired documents'
 * visits are in the range too and are skipped by the join's condition; a week of them is short.
 */
export function recentOpensQuery(db: Db, accountId: number, since: string, limit: number) {
  return db
    .selectFrom('proposal_signers as s')
    // A cross join is SQLite's way of fixing the join order (the signers outside): with statistics,
    // its planner preferred walking the account's open documents and sorting their signers, whose
    // cost grows with the pipeline, to the index's range that stops at the page. PostgreSQL reads
    // it as the inner join it is.
    .crossJoin('proposals as p')
    .whereRef('p.account_id', '=', 's.account_id')
    .whereRef('p.id', '=', 's.proposal_id')
    .innerJoin('customers as c', (join) => join.onRef('c.account_id', '=', 'p.account_id').onRef('c.id', '=', 'p.customer_id'))
    .leftJoin('users as u', (join) => join.onRef('u.account_id', '=', 'p.account_id').onRef('u.id', '=', 'p.seller_id'))
    .select(['s.name as signer_name', 's.open_count', 's.last_opened_at', 'p.id', 'p.number', 'p.title', 'c.name as customer_name', 'u.name as seller_name'])
    .where('s.account_id', '=', accountId)
    .where('s.last_opened_at', '>=', since)
    // A signer whose link is gone (erased under the LGPD) is nobody to call.
    .where('s.sign_token', 'is not', null)
    .where(isOpenStatus('p.status'))
    .orderBy('s.last_opened_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
}

/** The latest RECENT_OPENS_SHOWN visits, and whether there are more (one row more is read to know). */
export async function recentOpens(db: Db, clock: Clock, accountId: number): Promise<{ shown: RecentOpen[]; more: boolean }> {
  const since = new Date(clock.now().getTime() - RECENT_OPEN_DAYS * 86_400_000).toISOString()
  const rows = await recentOpensQuery(db, accountId, since, RECENT_OPENS_SHOWN + 1).execute()
  const shown = rows.slice(0, RECENT_OPENS_SHOWN).map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    customerName: row.customer_name,
    sellerName: row.seller_name,
    signerName: row.signer_name,
    openCount: row.open_count,
    lastOpenedAt: row.last_opened_at!,
  }))
  return { shown, more: rows.length > RECENT_OPENS_SHOWN }
}
