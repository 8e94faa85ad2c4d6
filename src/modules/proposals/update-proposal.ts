// Editing a draft from the web app: the same content rules as creation (prepareProposalContent), then
// the header, items, signers and custom fields are replaced (a list left as it was keeps its rows
// and their ids) and the totals recomputed, with an
// 'updated' history entry, all in one transaction. Only a draft changes: once a document left
// draft (sent, signed…) its content is what the customer saw, so the update is refused untouched.
import { settleDiscountRequests } from '../lifecycle/discount-approval.js'
import type { Db } from '../../platform/db/connect.js'
import { isoNow } from '../../platform/clock.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import type { Actor } from './actor.js'
import type { InputScope } from './check-proposal-input.js'
import type { CreateProposalInput } from './create-proposal.js'
import { recordProposalDomainEvent } from '../lifecycle/action-context.js'
import { prepareProposalContent, recordProposalEvent, replaceProposalChildren } from './proposal-content-writes.js'

export interface UpdateContext extends InputScope {
  via: 'api' | 'web'
  actor: Actor
  /** Runs inside the updating transaction once it succeeded (e.g. to bind an idempotency key). */
  onCommitted?: (trx: Db) => Promise<void>
}

export type UpdateOutcome =
  | { outcome: 'updated'; id: number; number: number; total_cents: number }
  /** No document of this account has this id (another account's is reported the same way). */
  | { outcome: 'not_found' }
  | { outcome: 'not_editable'; status: ProposalStatus }

/** Thrown inside the transaction when the draft changed status meanwhile, so nothing is kept. */
class NoLongerDraft extends Error {
  constructor(readonly status: ProposalStatus) {
    super('proposal is no longer a draft')
  }
}

export async function updateProposal(db: Db, context: UpdateContext, id: number, input: CreateProposalInput): Promise<UpdateOutcome> {
  try {
    return await db.transaction().execute(async (trx): Promise<UpdateOutcome> => {
      const { accountId } = context
      const current = await trx
        .selectFrom('proposals')
        .select(['id', 'number', 'status', 'seller_id', 'total_cents', 'subtotal_cents', 'discount_cents'])
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!current) return { outcome: 'not_found' }
      if (current.status !== 'draft') return { outcome: 'not_editable', status: current.status }

      const content = await prepareProposalContent(trx, context, input, { documentId: id })
      const now = isoNow(context.clock)
      // The status condition makes the write itself refuse a document that stopped being a draft
      // after the read above (on SQLite the write transaction is exclusive anyway).
      // A discount approval asked for other figures waits no more (lifecycle/discount-approval.ts):
      // the page offers to ask again, for what the draft holds now.
      const { subtotal_cents: subtotal, discount_cents: discount } = content.totals
      const figuresChanged = subtotal !== current.subtotal_cents || discount !== current.discount_cents
      const updated = await trx
        .updateTable('proposals')
        .set({ ...content.columns, ...(figuresChanged ? { discount_approval_requested_at: null } : {}), updated_at: now })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) {
        const row = await trx.selectFrom('proposals').select('status').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirstOrThrow()
        throw new NoLongerDraft(row.status)
      }

      // Another seller, another limit (their own, else the account's): a request it leaves under it waits no more.
      if (!figuresChanged && content.columns.seller_id !== current.seller_id) await settleDiscountRequests(trx, accountId, { proposalId: id })
      await replaceProposalChildren(trx, accountId, id, content, now)
      const total = content.totals.total_cents
      await recordProposalEvent(trx, accountId, id, { type: 'updated', actor: context.actor, data: { via: context.via, previous_total_cents: current.total_cents, total_cents: total }, at: now })
      await recordProposalDomainEvent(trx, context.clock, accountId, id, 'proposal.updated')
      await context.onCommitted?.(trx)
      return { outcome: 'updated', id, number: current.number, total_cents: total }
    })
  } catch (error) {
    if (error instanceof NoLongerDraft) return { outcome: 'not_editable', status: error.status }
    throw error
  }
}
