// Creating a sales document (DESIGN.md §3.4), shared by the API and the web app. Everything runs
// in one transaction that starts by taking the next number: the number, the customer upsert,
// the rows and the history entry commit together, and any failure leaves no trace (not even a
// consumed number). Every reference problem is collected before failing, so one 422 names them all.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { AppError, FieldErrors } from '../../platform/errors.js'
import type { SignatureType } from '../../platform/db/schema.js'
import { applyCustomerInput, type CustomerInput } from '../customers/customer-input.js'
import { consumeCreationQuota, type QuotaState } from '../integrations/monthly-quota.js'
import type { Actor } from './actor.js'
import { checkProposalInput } from './check-proposal-input.js'
import { takeNextProposalNumber } from './proposal-number.js'
import { documentTotals, lineTotalCents } from './proposal-totals.js'
import { findProposalIdByExternalReference } from './proposal-repository.js'

export type FieldValue = string | number | boolean | null

export interface CreateProposalInput {
  title?: string
  template_id: number
  signature_type: SignatureType
  payment_method_id: number
  installments?: number
  seller_id?: number
  customer: CustomerInput
  items: Array<{ product_id: number; quantity: number; unit_price_cents?: number; discount_cents?: number; description?: string | null }>
  signers?: Array<{ name: string; email: string; cpf?: string | null; phone?: string | null; role_id: number; signing_order?: number }>
  valid_until?: string | null
  notes?: string | null
  fields?: Record<string, FieldValue>
  external_reference?: string | null
}

export interface CreationContext {
  accountId: number
  timeZone: string
  clock: Clock
  via: 'api' | 'web'
  actor: Actor
  /** API creations count against the monthly quota, checked and counted in this transaction. */
  countsAgainstQuota?: boolean
  /** Runs inside the creating transaction once the rows are written (e.g. to bind an idempotency key). */
  onCreated?: (trx: Db, created: { id: number; number: number }) => Promise<void>
}

export interface CreatedProposal {
  id: number
  number: number
  /** The quota after this creation, when it counted against it. */
  quota: QuotaState | null
}

export async function createProposal(db: Db, context: CreationContext, input: CreateProposalInput): Promise<CreatedProposal> {
  return db.transaction().execute(async (trx) => {
    const { accountId } = context
    const number = await takeNextProposalNumber(trx, accountId)
    // After the account row lock: the quota check and its increment are serialised per account.
    const quota = context.countsAgainstQuota ? await consumeCreationQuota(trx, context.clock, { id: accountId, timeZone: context.timeZone }) : null
    const errors = new FieldErrors()
    const { template, paymentMethod, seller, installments, lines, signerRows, customer } = await checkProposalInput(trx, context, input, errors)
    errors.throwIfAny()

    if (input.external_reference != null) {
      const existing = await findProposalIdByExternalReference(trx, accountId, input.external_reference)
      if (existing !== undefined) {
        throw new AppError('duplicate_external_reference', `Document ${existing.id} (number ${existing.number}) already has external_reference "${input.external_reference}".`, {
          existing_proposal: existing,
        })
      }
    }

    const customerRow = await applyCustomerInput(trx, context.clock, accountId, input.customer, customer!)
    const totals = documentTotals(lines)
    const now = isoNow(context.clock)
    const { id } = await trx
      .insertInto('proposals')
      .values({
        account_id: accountId,
        number,
        external_uuid: randomUUID(),
        external_reference: input.external_reference ?? null,
        title: input.title?.trim() || `${template!.name} — ${customerRow.name}`,
        status: 'draft',
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
        created_via: context.via,
        api_token_id: context.actor.type === 'api_token' ? context.actor.id : null,
        created_by_user_id: context.actor.type === 'user' ? context.actor.id : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    await trx
      .insertInto('proposal_items')
      .values(lines.map((line, position) => ({ ...line, account_id: accountId, proposal_id: id, position, total_cents: lineTotalCents(line) })))
      .execute()
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
        type: 'created',
        actor_type: context.actor.type,
        actor_id: context.actor.id,
        actor_name: context.actor.name,
        data_json: JSON.stringify({ via: context.via, number, total_cents: totals.total_cents }),
        created_at: now,
      })
      .execute()
    await context.onCreated?.(trx, { id, number })
    return { id, number, quota }
  })
}
