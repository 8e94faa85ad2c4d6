// The one place where stored proposal rows become the whole document the API returns
// (DESIGN.md §3.5) — the same view the web app's pages read.
import { SIGNATURE_TYPES } from '../catalog/registration-data.js'
import { signedAuthentication } from '../lifecycle/signed-authentication.js'
import { signingLinkUrl } from '../lifecycle/signing-link.js'
import { toCustomerView } from '../customers/customer-mapper.js'
import type { ProposalStatus } from '../../platform/db/schema.js'
import type { ProposalChildren, ProposalHeaderRow } from './proposal-repository.js'
import { milliToQuantity } from './proposal-totals.js'
import { paymentSchedule, scheduledDownPayment } from './payment-schedule.js'
import { parseCopyTo } from './copy-recipients.js'
import type { AccountDay } from '../../platform/time-zones.js'
import { validityEndedBy } from '../lifecycle/validity.js'
import { discountApprovalState, discountApprovalView } from '../lifecycle/discount-rule.js'

/** The fields that name a document, first in every answer about one, in the API's order. */
export function proposalIdentity(row: { id: number; number: number; external_uuid: string; external_reference: string | null; title: string; status: ProposalStatus }) {
  return { id: row.id, number: row.number, external_uuid: row.external_uuid, external_reference: row.external_reference, title: row.title, status: row.status }
}

export function proposalLinks(baseUrl: string, id: number) {
  return {
    self: `${baseUrl}/api/v1/proposals/${id}`,
    web: `${baseUrl}/proposals/${id}/edit`,
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text)
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function createdBy(row: ProposalHeaderRow) {
  if (row.api_token_id !== null) return { type: 'api_token' as const, id: row.api_token_id, name: row.token_name ?? '', token_prefix: row.token_prefix ?? null }
  if (row.created_by_user_id !== null) return { type: 'user' as const, id: row.created_by_user_id, name: row.creator_name ?? '', token_prefix: null }
  return { type: 'system' as const, id: null, name: 'Vendoc', token_prefix: null }
}

/**
 * `day` hides the signing links of a document whose validity ended (they no longer open) before
 * the expiry task has marked it expired, and dates a signed document's installments; without it
 * (rendering, which shows neither) the links follow the status alone and the installments carry
 * only their days after the signature.
 */
export function toProposalDetail(row: ProposalHeaderRow, children: ProposalChildren, baseUrl: string, day?: AccountDay) {
  const linksOpen = (row.status === 'sent' || row.status === 'viewed') && (day === undefined || !validityEndedBy(row.valid_until, day.today))
  const signed = day !== undefined && row.status === 'signed' && row.signed_at !== null ? { at: new Date(row.signed_at), timeZone: day.timeZone } : undefined
  const dueOnBusinessDays = Boolean(row.due_on_business_days)
  const terms = { first_due_days: row.first_due_days, installment_interval_days: row.installment_interval_days, due_on_business_days: dueOnBusinessDays }
  // The installments split what the down payment leaves of the total.
  const downPaymentCents = Number(row.down_payment_cents)
  const schedule = paymentSchedule(row.total_cents - downPaymentCents, row.installments, terms, signed)
  const signatureType = SIGNATURE_TYPES.find((type) => type.id === row.signature_type)!
  const totals = { items_count: children.items.length, subtotal_cents: row.subtotal_cents, discount_cents: row.discount_cents, total_cents: row.total_cents }
  const events = children.events.map((event) => ({
    type: event.type,
    actor: { type: event.actor_type, id: event.actor_id, name: event.actor_name },
    at: event.created_at,
    data: parseJsonObject(event.data_json),
  }))
  return {
    ...proposalIdentity(row),
    created_via: row.created_via,
    created_by: createdBy(row),
    signature_type: { id: signatureType.id, name: signatureType.name },
    template: { id: row.template_id, name: row.template_name },
    seller: row.seller_id === null ? null : { id: row.seller_id, name: row.seller_name ?? '', email: row.seller_email ?? '' },
    customer: toCustomerView({
      id: row.c_id,
      account_id: row.account_id,
      code: row.c_code,
      name: row.c_name,
      trade_name: row.c_trade_name,
      document: row.c_document,
      document_type: row.c_document_type,
      email: row.c_email,
      phone: row.c_phone,
      address_street: row.c_address_street,
      address_number: row.c_address_number,
      address_complement: row.c_address_complement,
      address_district: row.c_address_district,
      address_city: row.c_address_city,
      address_state: row.c_address_state,
      address_postal_code: row.c_address_postal_code,
      created_at: row.c_created_at,
      updated_at: row.c_updated_at,
    }),
    payment: {
      method: { id: row.payment_method_id, name: row.payment_method_name, kind: row.payment_method_kind },
      installments: row.installments,
      installment_amount_cents: schedule[schedule.length - 1]!.amount_cents,
      first_due_days: row.first_due_days,
      installment_interval_days: row.installment_interval_days,
      custom_terms: Boolean(row.custom_payment_terms),
      due_on_business_days: dueOnBusinessDays,
      down_payment: scheduledDownPayment(downPaymentCents, Number(row.down_payment_due_days), terms, signed),
      schedule,
    },
    items: children.items.map((item) => ({
      id: item.id,
      product_id: item.product_id,
      code: item.code,
      name: item.name,
      description: item.description,
      unit: item.unit,
      quantity: milliToQuantity(item.quantity_milli),
      unit_price_cents: item.unit_price_cents,
      discount_cents: item.discount_cents,
      total_cents: item.total_cents,
    })),
    totals,
    currency: 'BRL' as const,
    // Only a draft's row carries the limit it answers to (proposal-repository.ts): any other reads null.
    discount_approval: discountApprovalView(discountApprovalState(row.discount_limit_bp, totals, events, row.discount_approval_requested_at !== null)),
    signers: children.signers.map((signer) => ({
      id: signer.id,
      name: signer.name,
      email: signer.email,
      cpf: signer.cpf,
      phone: signer.phone,
      role: { id: signer.role_id, name: signer.role_name },
      signing_order: signer.signing_order,
      authentication: signer.authentication,
      status: signer.status,
      signed_at: signer.signed_at,
      sent_at: signer.sent_at,
      viewed_at: signer.viewed_at,
      open_count: signer.open_count,
      last_opened_at: signer.last_opened_at,
      rejected_at: signer.rejected_at,
      signed_authentication: signedAuthentication(signer),
      // DESIGN.md §6: the link exists only while the document waits for this signer's signature.
      url_to_sign:
        signer.sign_token !== null && linksOpen && (signer.status === 'sent' || signer.status === 'viewed')
          ? signingLinkUrl(baseUrl, signer.sign_token)
          : null,
    })),
    copy_to: parseCopyTo(row.copy_to_json),
    fields: parseJsonObject(row.fields_json),
    notes: row.notes,
    valid_until: row.valid_until,
    events,
    sent_at: row.sent_at,
    signer_message: row.signer_message,
    viewed_at: row.viewed_at,
    signed_at: row.signed_at,
    rejected_at: row.rejected_at,
    cancelled_at: row.cancelled_at,
    cancel_reason: row.cancel_reason,
    expired_at: row.expired_at,
    original_sha256: row.original_sha256,
    signed_sha256: row.signed_sha256,
    links: { ...proposalLinks(baseUrl, row.id), document: `${baseUrl}/proposals/${row.id}/preview` as string | null, pdf: `${baseUrl}/api/v1/proposals/${row.id}/pdf` as string | null },
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export type ProposalDetail = ReturnType<typeof toProposalDetail>
