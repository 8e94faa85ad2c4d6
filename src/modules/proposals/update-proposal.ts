// Editing a draft from the web app: the same content rules as creation (checkProposalInput), then
// the header, items, signers and custom fields are replaced and the totals recomputed, with an
// 'updated' history entry, all in one transaction. Only a draft changes: once a document left
// draft (sent, signed…) its content is what the customer saw, so the update is refused untouched.
import type { Db } from '../../platform/db/connect.js'
import { isoNow } from '../../platform/clock.js'
import { AppError, FieldErrors } from '../../platform/errors.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import { applyCustomerInput } from '../customers/customer-input.js'
import type { Actor } from './actor.js'
import { checkProposalInput, type InputScope } from './check-proposal-input.js'
import type { CreateProposalInput } from './create-proposal.js'
import { findProposalIdByExternalReference } from './proposal-repository.js'
import { documentTotals, lineTotalCents } from './proposal-totals.js'

export interface UpdateContext extends InputScope {
  via: 'api' | 'web'
  actor: Actor
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
        .select(['id', 'number', 'status', 'total_cents'])
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!current) return { outcome: 'not_found' }
      if (current.status !== 'draft') return { outcome: 'not_editable', status: current.status }

      const errors = new FieldErrors()
      const { template, paymentMethod, seller, installments, lines, signerRows, customer } = await checkProposalInput(trx, context, input, errors)
      errors.throwIfAny()

      if (input.external_reference != null) {
        const existing = await findProposalIdByExternalReference(trx, accountId, input.external_reference)
        if (existing !== undefined && existing.id !== id) {
          throw new AppError('duplicate_external_reference', `Document ${existing.id} (number ${existing.number}) already has external_reference "${input.external_reference}".`, {
            existing_proposal: existing,
          })
        }
      }

      const customerRow = await applyCustomerInput(trx, context.clock, accountId, input.customer, customer!)
      const totals = documentTotals(lines)
      const now = isoNow(context.clock)
      // The status condition makes the write itself refuse a document that stopped being a draft
      // after the read above (on SQLite the write transaction is exclusive anyway).
      const updated = await trx
        .updateTable('proposals')
        .set({
          external_reference: input.external_reference ?? null,
          title: input.title?.trim() || `${template!.name} — ${customerRow.name}`,
          customer_id: customerRow.id,
          seller_id: seller?.id ?? null,
          template_id: template!.id,
          signature_type: input.signature_type,
          payment_method_id: paymentMethod!.id,
          installments,
          subtotal_cents: totals.subtotal_cents,
          discount_cents: totals.discount_cents,
          total_cents: totals.total_cents,
          fields_json: JSON.stringify(input.fields ?? {}),
          notes: input.notes ?? null,
          valid_until: input.valid_until ?? null,
          updated_at: now,
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) {
        const row = await trx.selectFrom('proposals').select('status').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirstOrThrow()
        throw new NoLongerDraft(row.status)
      }

      await trx.deleteFrom('proposal_items').where('account_id', '=', accountId).where('proposal_id', '=', id).execute()
      await trx
        .insertInto('proposal_items')
        .values(lines.map((line, position) => ({ ...line, account_id: accountId, proposal_id: id, position, total_cents: lineTotalCents(line) })))
        .execute()
      await trx.deleteFrom('proposal_signers').where('account_id', '=', accountId).where('proposal_id', '=', id).execute()
      if (signerRows.length > 0) {
        await trx
          .insertInto('proposal_signers')
          .values(signerRows.map((signer) => ({ ...signer, account_id: accountId, proposal_id: id, status: 'pending' as const, signed_at: null, created_at: now })))
          .execute()
      }
      await trx
        .insertInto('proposal_events')
        .values({
          account_id: accountId,
          proposal_id: id,
          type: 'updated',
          actor_type: context.actor.type,
          actor_id: context.actor.id,
          actor_name: context.actor.name,
          data_json: JSON.stringify({ via: context.via, previous_total_cents: current.total_cents, total_cents: totals.total_cents }),
          created_at: now,
        })
        .execute()
      return { outcome: 'updated', id, number: current.number, total_cents: totals.total_cents }
    })
  } catch (error) {
    if (error instanceof NoLongerDraft) return { outcome: 'not_editable', status: error.status }
    throw error
  }
}
