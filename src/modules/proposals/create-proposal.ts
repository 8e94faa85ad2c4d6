// Creating a sales document (DESIGN.md §3.4), shared by the API and the web app. Everything runs
// in one transaction that starts by taking the next number: the number, the customer upsert,
// the rows and the history entry commit together, and any failure leaves no trace (not even a
// consumed number). Every reference problem is collected before failing, so one 422 names them all.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../platform/db/connect.js'
import { type Clock, isoNow } from '../../platform/clock.js'
import { AppError, FieldErrors } from '../../platform/errors.js'
import type { SignatureType } from '../../platform/db/schema.js'
import { localDate } from '../../platform/time-zones.js'
import { parseDocument } from '../customers/brazilian-documents.js'
import { applyCustomerInput, checkCustomerInput, type CustomerInput, resolveCustomerInput } from '../customers/customer-input.js'
import { activeProductsById, activeSignerRolesById, findActivePaymentMethod, findActiveSeller, findActiveTemplate } from '../catalog/catalog-lookups.js'
import { consumeCreationQuota, type QuotaState } from '../integrations/monthly-quota.js'
import type { Actor } from './actor.js'
import { takeNextProposalNumber } from './proposal-number.js'
import { documentTotals, lineTotalCents, lineGrossCents, quantityToMilli } from './proposal-totals.js'
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
    checkCustomerInput(input.customer, errors)

    const [template, paymentMethod, seller, products, roles, customer] = await Promise.all([
      findActiveTemplate(trx, accountId, input.template_id),
      findActivePaymentMethod(trx, accountId, input.payment_method_id),
      findActiveSeller(trx, accountId, input.seller_id),
      activeProductsById(trx, accountId, input.items.map((item) => item.product_id)),
      activeSignerRolesById(trx, accountId, (input.signers ?? []).map((signer) => signer.role_id)),
      errors.empty ? resolveCustomerInput(trx, accountId, input.customer, errors) : undefined,
    ])
    const unknown = 'does not exist in this account or is inactive'
    if (!template) errors.add('/template_id', `template ${input.template_id} ${unknown}`)
    if (!paymentMethod) errors.add('/payment_method_id', `payment method ${input.payment_method_id} ${unknown}`)
    const installments = input.installments ?? 1
    if (paymentMethod && installments > paymentMethod.max_installments) {
      errors.add('/installments', `${paymentMethod.name} allows at most ${paymentMethod.max_installments} installment(s)`)
    }
    if (input.seller_id !== undefined && !seller) errors.add('/seller_id', `seller ${input.seller_id} ${unknown} (or is not a seller)`)

    const lines = input.items.map((item, index) => {
      const product = products.get(item.product_id)
      if (!product) errors.add(`/items/${index}/product_id`, `product ${item.product_id} ${unknown}`)
      const quantityMilli = quantityToMilli(item.quantity)
      if (quantityMilli === null) errors.add(`/items/${index}/quantity`, 'must have at most 3 decimal places')
      const line = {
        product_id: item.product_id,
        code: product?.code ?? '',
        name: product?.name ?? '',
        unit: product?.unit ?? '',
        description: item.description !== undefined ? item.description : (product?.description ?? null),
        quantity_milli: quantityMilli ?? 0,
        unit_price_cents: item.unit_price_cents ?? product?.price_cents ?? 0,
        discount_cents: item.discount_cents ?? 0,
      }
      if (line.discount_cents > lineGrossCents(line)) errors.add(`/items/${index}/discount_cents`, 'must not exceed quantity × unit price')
      return line
    })

    const signers = input.signers ?? []
    if (input.signature_type === 'digital' && signers.length === 0) errors.add('/signers', 'a digital document needs at least one signer')
    const seenEmails = new Set<string>()
    const signerRows = signers.map((signer, index) => {
      if (!roles.has(signer.role_id)) errors.add(`/signers/${index}/role_id`, `signer role ${signer.role_id} ${unknown}`)
      const cpf = signer.cpf == null ? null : parseDocument(signer.cpf)
      if (signer.cpf != null && cpf?.type !== 'cpf') errors.add(`/signers/${index}/cpf`, 'must be a valid CPF (check digits do not match)')
      const email = signer.email.trim().toLowerCase()
      if (seenEmails.has(email)) errors.add(`/signers/${index}/email`, 'another signer of this document has the same e-mail')
      seenEmails.add(email)
      return { name: signer.name.trim(), email, cpf: cpf?.document ?? null, phone: signer.phone ?? null, role_id: signer.role_id, signing_order: signer.signing_order ?? index + 1 }
    })

    const today = localDate(context.clock.now(), context.timeZone)
    if (input.valid_until != null && input.valid_until < today) errors.add('/valid_until', `must not be before today (${today})`)
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
