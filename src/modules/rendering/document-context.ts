// The variables a template sees (docs/TEMPLATES.md): a document detail turned into a plain,
// render-only view. Money comes twice: `*_cents` as the integer of the API and the bare name as
// the pt-BR text ("R$ 1.234,56"); dates are already pt-BR text in the account's time zone. Only
// plain data goes in (no class instances, no functions), so a template can read nothing else.
import type { ProposalDetail } from '../proposals/proposal-mapper.js'
import { formatCalendarDate, formatDate, formatFileSize, formatMoney, formatDocument, formatQuantity } from '../../platform/pt-br-format.js'

/** What the context is built from: the parts of a ProposalDetail that a document shows. */
export type DocumentSource = Pick<ProposalDetail, 'number' | 'title' | 'status' | 'notes' | 'valid_until' | 'created_at' | 'fields' | 'totals'> & {
  signature_type: { name: string }
  seller: { name: string; email: string } | null
  customer: Pick<ProposalDetail['customer'], 'code' | 'name' | 'trade_name' | 'document' | 'document_type' | 'email' | 'phone' | 'address'>
  payment: Pick<ProposalDetail['payment'], 'installments' | 'first_due_days' | 'installment_interval_days' | 'due_on_business_days'> & {
    method: { name: string; kind: string }
    down_payment: { amount_cents: number; due_in_days: number } | null
    schedule: ReadonlyArray<{ number: number; amount_cents: number; due_in_days: number }>
  }
  items: ReadonlyArray<Pick<ProposalDetail['items'][number], 'code' | 'name' | 'description' | 'unit' | 'quantity' | 'unit_price_cents' | 'discount_cents' | 'total_cents'>>
  signers: ReadonlyArray<{ name: string; email: string; cpf: string | null; phone: string | null; role: { name: string }; signing_order: number }>
  /** The document's PDF attachments (documents/proposal-attachments.ts), in their order; none when absent. */
  attachments?: ReadonlyArray<{ file_name: string; size: number; sha256: string }>
}

export interface DocumentAccount {
  name: string
  /** IANA zone in which dates are shown (the account's). */
  time_zone: string
  /** The company's own data (Configurações → Conta), each null until filled in. */
  document: string | null
  address: string | null
  phone: string | null
  email: string | null
}

/** Text built from parts that may all be missing: null rather than '', which Liquid holds true. */
function textOrNull(text: string): string | null {
  return text === '' ? null : text
}

export function buildDocumentContext(source: DocumentSource, account: DocumentAccount, now: Date) {
  const { customer, payment } = source
  const address = customer.address
  const street = [address.street, address.number].filter(Boolean).join(', ')
  const place = [address.city, address.state].filter(Boolean).join('/')
  const lastInstallment = payment.schedule[payment.schedule.length - 1]
  return {
    account: {
      name: account.name,
      document: textOrNull(formatDocument(account.document)),
      address: account.address,
      phone: account.phone,
      email: account.email,
    },
    number: source.number,
    title: source.title,
    status: source.status,
    notes: source.notes,
    signature_type: source.signature_type.name,
    created_at: formatDate(source.created_at, account.time_zone),
    valid_until: source.valid_until === null ? null : formatCalendarDate(source.valid_until),
    today: formatDate(now, account.time_zone),
    customer: {
      name: customer.name,
      trade_name: customer.trade_name,
      code: customer.code,
      document: textOrNull(formatDocument(customer.document)),
      document_type: customer.document_type,
      email: customer.email,
      phone: customer.phone,
      address: {
        ...address,
        full: textOrNull([[street, address.complement].filter(Boolean).join(' – '), address.district, place, address.postal_code && `CEP ${address.postal_code}`].filter(Boolean).join(', ')),
      },
    },
    seller: source.seller && { name: source.seller.name, email: source.seller.email },
    items: source.items.map((item, index) => ({
      position: index + 1,
      code: item.code,
      name: item.name,
      description: item.description,
      unit: item.unit,
      quantity: formatQuantity(Math.round(item.quantity * 1000)),
      unit_price_cents: item.unit_price_cents,
      unit_price: formatMoney(item.unit_price_cents),
      discount_cents: item.discount_cents,
      discount: formatMoney(item.discount_cents),
      total_cents: item.total_cents,
      total: formatMoney(item.total_cents),
    })),
    totals: {
      items_count: source.totals.items_count,
      subtotal_cents: source.totals.subtotal_cents,
      subtotal: formatMoney(source.totals.subtotal_cents),
      discount_cents: source.totals.discount_cents,
      discount: formatMoney(source.totals.discount_cents),
      total_cents: source.totals.total_cents,
      total: formatMoney(source.totals.total_cents),
    },
    payment: {
      method: payment.method.name,
      kind: payment.method.kind,
      installments: payment.installments,
      first_due_days: payment.first_due_days,
      installment_interval_days: payment.installment_interval_days,
      due_on_business_days: payment.due_on_business_days,
      // Null without one, so `{% if payment.down_payment %}` reads naturally.
      down_payment_cents: payment.down_payment?.amount_cents ?? 0,
      down_payment: payment.down_payment === null ? null : formatMoney(payment.down_payment.amount_cents),
      // Days after the signature it falls due: 0 on signing, and without one.
      down_payment_due_days: payment.down_payment?.due_in_days ?? 0,
      installment_amount_cents: lastInstallment?.amount_cents ?? 0,
      installment_amount: formatMoney(lastInstallment?.amount_cents ?? 0),
      schedule: payment.schedule.map((installment) => ({
        number: installment.number,
        amount_cents: installment.amount_cents,
        amount: formatMoney(installment.amount_cents),
        due_in_days: installment.due_in_days,
      })),
    },
    signers: source.signers.map((signer) => ({
      name: signer.name,
      email: signer.email,
      cpf: textOrNull(formatDocument(signer.cpf)),
      phone: signer.phone,
      role: signer.role.name,
      order: signer.signing_order,
    })),
    attachments: (source.attachments ?? []).map((attachment, index) => ({
      position: index + 1,
      name: attachment.file_name,
      size: formatFileSize(attachment.size),
      sha256: attachment.sha256,
    })),
    // JSON from the database: plain data by construction.
    fields: source.fields,
  }
}

export type DocumentContext = ReturnType<typeof buildDocumentContext>
