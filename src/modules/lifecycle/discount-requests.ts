// The drafts whose discount waits for an admin's approval, for the Painel: the ones asked for
// (proposals.discount_approval_requested_at: set by a request; cleared by the approval, by
// sending or cancelling, by an edit of the items and by a limit that leaves them under it), oldest
// request first, from migration 050's partial index over those drafts alone. Each one read is
// judged again from its history and the limit it answers to (its seller's, else the account's),
// as its page judges it, in case one slipped past those.
import type { Db } from '../../platform/db/connect.js'
import { approvalHistories, draftDiscountLimit } from './discount-approval.js'
import { discountApprovalState } from './discount-rule.js'

/** At most this many are listed; the rest are reached from the e-mails and the documents. */
export const DISCOUNT_REQUESTS_SHOWN = 10
/** Read past the ones shown, so that a few drafts no longer waiting do not hide those that do. */
const READ_AHEAD = 10

export interface DiscountRequest {
  id: number
  number: number
  title: string
  customerName: string
  shareBp: number
  limitBp: number
  requestedBy: string
  requestedAt: string
}

/**
 * The account's drafts marked as asked for, oldest request first (exported for its plan test): one
 * range of migration 050's partial index, in its order.
 */
export function discountRequestsQuery(db: Db, accountId: number, limit: number) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('customers as c', (join) => join.onRef('c.account_id', '=', 'p.account_id').onRef('c.id', '=', 'p.customer_id'))
    .leftJoin('users as s', (join) => join.onRef('s.account_id', '=', 'p.account_id').onRef('s.id', '=', 'p.seller_id'))
    .select(['p.id', 'p.number', 'p.title', 'p.subtotal_cents', 'p.discount_cents', 'c.name as customer_name'])
    // The limit each draft answers to: its seller's own, else the account's.
    .select(draftDiscountLimit('s.discount_approval_above_bp', 'p.account_id').as('limit_bp'))
    .where('p.account_id', '=', accountId)
    .where('p.discount_approval_requested_at', 'is not', null)
    .where('p.status', '=', 'draft')
    .orderBy('p.discount_approval_requested_at')
    .orderBy('p.id')
    .limit(limit)
}

/** The account's drafts waiting for a discount approval (at most DISCOUNT_REQUESTS_SHOWN), and whether more wait. */
export async function pendingDiscountRequests(db: Db, accountId: number): Promise<{ shown: DiscountRequest[]; more: boolean }> {
  const read = DISCOUNT_REQUESTS_SHOWN + READ_AHEAD
  const rows = await discountRequestsQuery(db, accountId, read).execute()
  const histories = await approvalHistories(db, accountId, rows.map((row) => row.id))
  const waiting: DiscountRequest[] = []
  for (const row of rows) {
    const state = discountApprovalState(row.limit_bp, row, histories.get(row.id)!, true)
    if (state.status !== 'pending' || state.requested === null) continue
    waiting.push({ id: row.id, number: row.number, title: row.title, customerName: row.customer_name, shareBp: state.shareBp, limitBp: state.limitBp, requestedBy: state.requested.by, requestedAt: state.requested.at })
  }
  // Past the rows read, more may wait: say so rather than seem complete.
  return { shown: waiting.slice(0, DISCOUNT_REQUESTS_SHOWN), more: waiting.length > DISCOUNT_REQUESTS_SHOWN || rows.length === read }
}
