// Cancelling stops a document for good (with the reason in the history). Its signing links die
// with it: the signing side refuses every status but sent|viewed.
import { isoNow } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { validationError } from '../../platform/errors.js'
import { recordProposalEvent } from '../proposals/proposal-content-writes.js'
import { type ActionContext, lockProposal, recordProposalDomainEvent } from './action-context.js'
import { assertTransition } from './transitions.js'

export const CANCEL_REASON_MAX = 500

export async function cancelProposal(db: Db, ctx: ActionContext, id: number, input: { reason: string }): Promise<void> {
  const reason = input.reason.trim()
  const { accountId, clock } = ctx
  await db.transaction().execute(async (trx) => {
    const row = await lockProposal(trx, accountId, id)
    assertTransition(row.status, 'cancel')
    if (reason.length === 0 || reason.length > CANCEL_REASON_MAX) {
      throw validationError([{ in: 'body', path: '/reason', message: `must have 1 to ${CANCEL_REASON_MAX} characters` }])
    }
    const now = isoNow(clock)
    await trx
      .updateTable('proposals')
      .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason, discount_approval_requested_at: null, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .execute()
    await recordProposalEvent(trx, accountId, id, { type: 'cancelled', actor: ctx.actor, data: { reason, previous_status: row.status }, at: now })
    await recordProposalDomainEvent(trx, clock, accountId, id, 'proposal.cancelled', { reason })
    await ctx.onCommitted?.(trx)
  })
}
