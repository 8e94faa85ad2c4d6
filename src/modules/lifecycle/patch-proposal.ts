// PATCH /api/v1/proposals/{id}: a partial update of a draft. Each top-level field present replaces
// the stored one (items, signers and fields wholesale); an absent field keeps what is stored. The
// full creation input is rebuilt from the stored document and goes through updateProposal, so a
// patch obeys exactly the rules of creation (and of the web editor).
import type { Db } from '../../platform/db/connect.js'
import { validationError } from '../../platform/errors.js'
import type { CreateProposalInput, FieldValue } from '../proposals/create-proposal.js'
import { getProposalDetail, proposalNotFound } from '../proposals/get-proposal.js'
import { defaultTitle } from '../proposals/proposal-content-writes.js'
import type { ProposalDetail } from '../proposals/proposal-mapper.js'
import { updateProposal } from '../proposals/update-proposal.js'
import type { ActionContext } from './action-context.js'
import { invalidTransition } from './transitions.js'

export type ProposalPatch = Partial<CreateProposalInput>

/**
 * The creation input that would produce the stored document as it is. A title that is still the
 * default one is left out, so that it follows a patch of the template or the customer.
 */
export function creationInputOf(detail: ProposalDetail): CreateProposalInput {
  return {
    ...(detail.title === defaultTitle(detail.template.name, detail.customer.name) ? {} : { title: detail.title }),
    template_id: detail.template.id,
    signature_type: detail.signature_type.id,
    payment_method_id: detail.payment.method.id,
    installments: detail.payment.installments,
    // Negotiated terms stay the document's (a new payment method included) until a patch sets null.
    ...(detail.payment.custom_terms ? { payment_terms: { first_due_days: detail.payment.first_due_days, installment_interval_days: detail.payment.installment_interval_days } } : {}),
    ...(detail.payment.down_payment ? { down_payment_cents: detail.payment.down_payment.amount_cents, down_payment_due_days: detail.payment.down_payment.due_in_days } : {}),
    ...(detail.seller ? { seller_id: detail.seller.id } : {}),
    customer: { id: detail.customer.id },
    items: detail.items.map((item) => ({
      product_id: item.product_id,
      quantity: item.quantity,
      unit_price_cents: item.unit_price_cents,
      discount_cents: item.discount_cents,
      description: item.description,
    })),
    signers: detail.signers.map((signer) => ({
      name: signer.name,
      email: signer.email,
      cpf: signer.cpf,
      phone: signer.phone,
      role_id: signer.role.id,
      signing_order: signer.signing_order,
      authentication: signer.authentication,
    })),
    copy_to: detail.copy_to,
    valid_until: detail.valid_until,
    notes: detail.notes,
    fields: detail.fields as Record<string, FieldValue>,
    external_reference: detail.external_reference,
  }
}

export async function patchProposal(db: Db, ctx: ActionContext, id: number, patch: ProposalPatch): Promise<void> {
  const detail = await getProposalDetail(db, ctx.accountId, { by: 'id', id }, ctx.publicUrl)
  if (!detail) throw proposalNotFound(String(id))
  if (detail.status !== 'draft') throw invalidTransition(detail.status, 'update')
  const present = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
  if (Object.keys(present).length === 0) throw validationError([{ in: 'body', path: '', message: 'send at least one field to change' }])
  const input: CreateProposalInput = { ...creationInputOf(detail), ...present }
  // A down payment taken away takes its days with it, unless the patch sends them (then they are checked as sent).
  if ('down_payment_cents' in present && !present.down_payment_cents && !('down_payment_due_days' in present)) delete input.down_payment_due_days
  const result = await updateProposal(db, { accountId: ctx.accountId, timeZone: ctx.timeZone, clock: ctx.clock, via: 'api', actor: ctx.actor, onCommitted: ctx.onCommitted }, id, input)
  if (result.outcome === 'not_found') throw proposalNotFound(String(id))
  if (result.outcome === 'not_editable') throw invalidTransition(result.status, 'update')
}
