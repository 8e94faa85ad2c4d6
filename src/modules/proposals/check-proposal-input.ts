// The rules a document's content must follow, shared by creation and by the web editor's update
// (DESIGN.md §3.4): every reference must belong to the account and be active, prices come from the
// catalogue unless overridden, and every problem is collected so one 422 names them all. Reads
// only; the caller decides whether to write.
import type { Db } from '../../platform/db/connect.js'
import type { Clock } from '../../platform/clock.js'
import { AppError, type FieldError, FieldErrors } from '../../platform/errors.js'
import { localDate } from '../../platform/time-zones.js'
import { parseDocument } from '../customers/brazilian-documents.js'
import { checkCustomerInput, type CustomerResolution, resolveCustomerInput } from '../customers/customer-input.js'
import { type ActiveCatalogueRows, activeCatalogueRows, findActiveSeller } from '../catalog/catalog-lookups.js'
import type { CreateProposalInput } from './create-proposal.js'
import { documentTotals, lineGrossCents, MAX_LINE_CENTS, type PricedLine, quantityToMilli } from './proposal-totals.js'
import { checkCopyRecipients } from './copy-recipients.js'
import { MAX_TERM_DAYS, TERM_BOUNDS, termsOutOfBounds } from './payment-schedule.js'
import { settleAll } from '../../platform/settle-all.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

export interface InputScope {
  accountId: number
  timeZone: string
  clock: Clock
}

/**
 * The active catalogue rows the content names: template, payment method, products and signer
 * roles. Plain reads that need no lock: creation runs them before it takes the account's row lock,
 * so they are not part of what concurrent creations of one account wait for (docs/PERFORMANCE.md).
 * The seller is not among them: user edits take the account lock to stay ordered with creations
 * (a new default seller applies to every creation that commits after it), so it is read after.
 */
export function lookUpCatalogue(db: Db, accountId: number, input: CreateProposalInput): Promise<ActiveCatalogueRows> {
  return activeCatalogueRows(db, accountId, {
    templateId: input.template_id,
    paymentMethodId: input.payment_method_id,
    productIds: input.items.map((item) => item.product_id),
    roleIds: (input.signers ?? []).map((signer) => signer.role_id),
  })
}

/** `catalogue`: the rows already looked up (lookUpCatalogue); otherwise they are read here. */
export async function checkProposalInput(db: Db, scope: InputScope, input: CreateProposalInput, errors: FieldErrors, catalogue?: ActiveCatalogueRows) {
  const { accountId } = scope
  checkCustomerInput(input.customer, errors)

  const [{ template, paymentMethod, products, roles }, seller, customer] = await settleAll([
    catalogue ?? lookUpCatalogue(db, accountId, input),
    findActiveSeller(db, accountId, input.seller_id),
    errors.empty ? resolveCustomerInput(db, accountId, input.customer, errors) : undefined,
  ])
  const unknown = 'does not exist in this account or is inactive'
  // Texts are stored trimmed, and the schema's minLength counts spaces: a blank one is an error
  // here, not a silent default title or a signer named "" (who could never type it to sign).
  if (input.title !== undefined && input.title.trim() === '') errors.add('/title', 'must not be blank')
  if (!template) errors.add('/template_id', `template ${input.template_id} ${unknown}`)
  if (!paymentMethod) errors.add('/payment_method_id', `payment method ${input.payment_method_id} ${unknown}`)
  const installments = input.installments ?? 1
  if (input.payment_terms) {
    for (const term of termsOutOfBounds(input.payment_terms)) errors.add(`/payment_terms/${term}`, `must be a whole number from ${TERM_BOUNDS[term].min} to ${TERM_BOUNDS[term].max}`)
  }
  if (paymentMethod && installments > paymentMethod.max_installments) {
    errors.add('/installments', `${paymentMethod.name} allows at most ${paymentMethod.max_installments} installment(s)`)
  }
  if (input.seller_id !== undefined && !seller) errors.add('/seller_id', `seller ${input.seller_id} ${unknown} (or is not a seller)`)

  const lines = input.items.map((item, index) => {
    const product = products.get(item.product_id)
    if (!product) errors.add(`/items/${index}/product_id`, `product ${item.product_id} ${unknown}`)
    const quantityMilli = quantityToMilli(item.quantity)
    if (quantityMilli === null) errors.add(`/items/${index}/quantity`, 'must have at most 3 decimal places (0.001 is the smallest quantity)')
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
    const gross = lineGrossCents(line)
    if (gross > MAX_LINE_CENTS) errors.add(`/items/${index}/unit_price_cents`, `quantity × unit price must be at most ${MAX_LINE_CENTS} cents`)
    else if (line.discount_cents > gross) errors.add(`/items/${index}/discount_cents`, 'must not exceed quantity × unit price')
    return line
  })

  checkDownPayment(input.down_payment_cents ?? 0, lines, installments, errors)
  // The installments fall due from the signature on the document's terms (its own, else its method's).
  const firstDueDays = input.payment_terms?.first_due_days ?? paymentMethod?.first_due_days
  checkDownPaymentDueDays(input.down_payment_due_days ?? 0, input.down_payment_cents ?? 0, firstDueDays, errors)

  const signers = input.signers ?? []
  if (input.signature_type === 'digital' && signers.length === 0) errors.add('/signers', 'a digital document needs at least one signer')
  const seenEmails = new Set<string>()
  const signerRows = signers.map((signer, index) => {
    if (signer.name.trim() === '') errors.add(`/signers/${index}/name`, 'must not be blank')
    if (!roles.has(signer.role_id)) errors.add(`/signers/${index}/role_id`, `signer role ${signer.role_id} ${unknown}`)
    const cpf = signer.cpf == null ? null : parseDocument(signer.cpf)
    if (signer.cpf != null && cpf?.type !== 'cpf') errors.add(`/signers/${index}/cpf`, 'must be a valid CPF (check digits do not match)')
    const email = normalizeEmail(signer.email)
    if (seenEmails.has(email)) errors.add(`/signers/${index}/email`, 'another signer of this document has the same e-mail')
    seenEmails.add(email)
    if (signer.authentication === 'email_code' && input.signature_type !== 'digital') errors.add(`/signers/${index}/authentication`, 'email_code applies to digital documents only: a paper document has no signing page')
    return { name: signer.name.trim(), email, cpf: cpf?.document ?? null, phone: signer.phone ?? null, role_id: signer.role_id, signing_order: signer.signing_order ?? index + 1, authentication: signer.authentication ?? 'link' }
  })

  const copyTo = checkCopyRecipients(input, seenEmails, errors)

  const today = localDate(scope.clock.now(), scope.timeZone)
  if (input.valid_until != null && input.valid_until < today) errors.add('/valid_until', `must not be before today (${today})`)
  return { template, paymentMethod, seller, installments, lines, signerRows, copyTo, customer: customer as CustomerResolution | undefined }
}

/**
 * A down payment is whole cents and leaves at least a cent for each installment. Checked against
 * the priced lines and the installments only when they are valid: a total made of broken lines, or
 * a count the method refuses, would blame it for their fault.
 */
function checkDownPayment(cents: number, lines: PricedLine[], installments: number, errors: FieldErrors): void {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    errors.add('/down_payment_cents', 'must be a whole number of cents, 0 or more')
    return
  }
  if (cents === 0 || errors.list.some((error) => error.path.startsWith('/items') || error.path === '/installments')) return
  const total = documentTotals(lines).total_cents
  const most = total - installments
  if (cents > most) {
    errors.add('/down_payment_cents', `must leave at least 1 cent for each of the ${installments} installment(s): at most ${Math.max(most, 0)} of the total of ${total}`)
  }
}

/**
 * The down payment's days: a whole number within a term's bounds, only for a down payment there
 * is, and not after the first installment (it is paid before them; `firstDueDays` undefined when
 * the payment method is unknown, which is its own error).
 */
function checkDownPaymentDueDays(days: number, downPaymentCents: number, firstDueDays: number | undefined, errors: FieldErrors): void {
  if (!Number.isInteger(days) || days < 0 || days > MAX_TERM_DAYS) errors.add('/down_payment_due_days', `must be a whole number of days from 0 to ${MAX_TERM_DAYS}`)
  else if (days > 0 && downPaymentCents === 0) errors.add('/down_payment_due_days', 'applies to a down payment: send down_payment_cents too (or 0 days)')
  else if (firstDueDays !== undefined && days > firstDueDays) errors.add('/down_payment_due_days', `must not be after the first installment, due ${firstDueDays} day(s) after the signature: the down payment is paid before the installments`)
}

/**
 * Every field error of `input` without writing anything: lets a form that already found problems
 * of its own also report the reference problems (unknown product, inactive method…) in one go.
 */
export async function proposalInputErrors(db: Db, scope: InputScope, input: CreateProposalInput): Promise<FieldError[]> {
  const errors = new FieldErrors()
  try {
    await checkProposalInput(db, scope, input, errors)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return [...errors.list, ...(error.extras.errors ?? [])]
  }
  return errors.list
}
