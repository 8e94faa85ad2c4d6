// The document form as text: what the page shows and the browser sends back (every value a
// string, rows as items[0][product_id]…), how it becomes a CreateProposalInput, and how the field
// errors of the module (JSON pointers such as /items/0/quantity) land next to the right control.
// Only the form's own syntax is checked here; every business rule stays in the proposals module.
import { parsePaymentTerms, typedDays } from './proposal-terms-fields.js'
import { MAX_TERM_DAYS, TERM_BOUNDS } from '../../../modules/proposals/payment-schedule.js'
import { isEmailAddress, isPhoneNumber } from '../../../platform/contact-formats.js'
import { MAX_INSTALLMENTS } from '../../../modules/catalog/manage-payment-methods.js'
import type { CreateProposalInput, FieldValue } from '../../../modules/proposals/create-proposal.js'
import { copyListProblem, splitCopyList } from '../../../modules/proposals/copy-recipients.js'
import { copyProblemText } from './copy-list-text.js'
import type { ProposalDetail } from '../../../modules/proposals/proposal-mapper.js'
import { customerReferenceInput } from '../../../modules/proposals/proposal-form-options.js'
import { documentTotals, installmentSchedule, lineGrossCents, MAX_DOCUMENT_CENTS, quantityToMilli } from '../../../modules/proposals/proposal-totals.js'
import { type AppError, type FieldError } from '../../../platform/errors.js'
import { formatDocument } from '../../../platform/pt-br-format.js'
import { formRows, formString, isCalendarDate, TYPED_ID } from '../form-data.js'
import { centsToInput, inputToCents } from '../format.js'
import { t } from '../i18n/pt-BR.js'

export interface ItemValues {
  product_id: string
  /** The product's code, typed where the catalogue is too large for a select (PRODUCT_PICKER_LIMIT). */
  product_code: string
  quantity: string
  unit_price: string
  discount: string
  /**
   * The stored line's own description and the product it belongs to, carried in hidden fields so
   * saving a draft keeps a description set through the API as long as the line keeps its product.
   */
  description: string
  description_product: string
}
/** `email_code` is the checkbox "Pedir código por e-mail": '1' when ticked. */
export interface SignerValues { name: string; email: string; cpf: string; phone: string; role_id: string; signing_order: string; email_code: string }
/**
 * A custom field as the form holds it. `type` is the JSON type the stored value had when it was not
 * text (`number`, `boolean`, `null`), carried in a hidden field so that saving the form unchanged
 * gives back `1500`, not `"1500"` (which `money` would not print); empty for text.
 */
export interface CustomFieldValues { key: string; value: string; type: string }

export interface ProposalFormValues {
  title: string
  customer_id: string
  customer_ref: string
  template_id: string
  seller_id: string
  signature_type: string
  payment_method_id: string
  installments: string
  /** The down payment ("Entrada") as typed, in reais; blank: none. */
  down_payment: string
  /** Days after the signature the down payment falls due, as typed; blank: on signing. */
  down_payment_due_days: string
  /** The document's own terms as typed (the two fields after "Parcelas"); both blank: its method's. */
  first_due_days: string
  installment_interval_days: string
  valid_until: string
  notes: string
  /** The copy addresses as typed: one per line (commas, semicolons and spaces also separate them). */
  copy_to: string
  external_reference: string
  items: ItemValues[]
  signers: SignerValues[]
  fields: CustomFieldValues[]
}

/** Error text by form field name (`title`, `items[0][quantity]`…); `items`, `signers`, `fields`, `customer` and `_form` for groups. */
export type FormErrors = Record<string, string>

const ITEM_KEYS = ['product_id', 'product_code', 'quantity', 'unit_price', 'discount', 'description', 'description_product'] as const
const SIGNER_KEYS = ['name', 'email', 'cpf', 'phone', 'role_id', 'signing_order', 'email_code'] as const

/**
 * The number of installments as typed, when it is a whole number from 1 to MAX_INSTALLMENTS (the
 * most any payment method allows, as the API); undefined otherwise. Every use of the submitted
 * text goes through it: the form once built a choice per installment up to the number sent, so
 * one POST with 2147483648 ran the server out of memory.
 */
export function installmentCount(text: string): number | undefined {
  const trimmed = text.trim()
  const count = /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : 0
  return count >= 1 && count <= MAX_INSTALLMENTS ? count : undefined
}

export function blankItem(): ItemValues {
  return { product_id: '', product_code: '', quantity: '1', unit_price: '', discount: '', description: '', description_product: '' }
}
export function blankSigner(): SignerValues {
  return { name: '', email: '', cpf: '', phone: '', role_id: '', signing_order: '', email_code: '' }
}
export function blankField(): CustomFieldValues {
  return { key: '', value: '', type: '' }
}

export function emptyFormValues(customer: { id?: number; ref?: string } = {}): ProposalFormValues {
  return {
    title: '',
    customer_id: customer.id === undefined ? '' : String(customer.id),
    customer_ref: customer.ref ?? '',
    template_id: '',
    seller_id: '',
    signature_type: 'paper',
    payment_method_id: '',
    installments: '1',
    down_payment: '',
    down_payment_due_days: '',
    first_due_days: '',
    installment_interval_days: '',
    valid_until: '',
    notes: '',
    copy_to: '',
    external_reference: '',
    items: [],
    signers: [],
    fields: [],
  }
}

function pick<K extends string>(row: Record<string, string>, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, row[key] ?? ''])) as Record<K, string>
}

function storedFieldType(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  return typeof value === 'number' || typeof value === 'boolean' ? typeof value : ''
}

/**
 * The value to store for a custom field: back to the JSON type it had (CustomFieldValues) while
 * the text still reads as one — an edited number that no longer is one is kept as the text typed.
 * Text keeps its line breaks as LF.
 */
function typedFieldValue({ value, type }: CustomFieldValues): FieldValue {
  if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim())
  if (type === 'boolean' && (value.trim() === 'true' || value.trim() === 'false')) return value.trim() === 'true'
  if (type === 'null' && value === '') return null
  // A text area sends its line breaks as CRLF (HTML's form encoding); the API's are LF.
  return value.replace(/\r\n?/g, '\n')
}

/** What was sent, rows renumbered from 0 and rows left entirely blank dropped. */
export function formValuesFromBody(body: unknown): ProposalFormValues {
  const text = (name: string) => formString(body, name)
  return {
    title: text('title'),
    customer_id: text('customer_id'),
    customer_ref: text('customer_ref'),
    template_id: text('template_id'),
    seller_id: text('seller_id'),
    signature_type: text('signature_type'),
    payment_method_id: text('payment_method_id'),
    installments: text('installments'),
    down_payment: text('down_payment'),
    down_payment_due_days: text('down_payment_due_days'),
    first_due_days: text('first_due_days'),
    installment_interval_days: text('installment_interval_days'),
    valid_until: text('valid_until'),
    notes: text('notes'),
    copy_to: text('copy_to'),
    external_reference: text('external_reference'),
    // An item row counts once it names a product, a price or a discount (blank rows carry quantity 1).
    items: formRows(body, 'items').map((row) => pick(row, ITEM_KEYS)).filter((row) => row.product_id.trim() || row.product_code.trim() || row.unit_price.trim() || row.discount.trim()),
    // A signer row counts once something is typed in it: a ticked checkbox alone is a blank row.
    signers: formRows(body, 'signers').map((row) => pick(row, SIGNER_KEYS)).filter(({ email_code: _ticked, ...typed }) => Object.values(typed).some((value) => value.trim() !== '')),
    fields: formRows(body, 'fields').map((row) => pick(row, ['key', 'value', 'type'] as const)).filter((row) => row.key.trim() || row.value.trim()),
  }
}

function quantityText(quantity: number): string {
  return String(quantity).replace('.', ',')
}

/** The stored document as the form shows it. */
export function formValuesFromDetail(detail: ProposalDetail, customerByRef: boolean): ProposalFormValues {
  return {
    title: detail.title,
    customer_id: String(detail.customer.id),
    customer_ref: customerByRef ? (detail.customer.code ?? detail.customer.document ?? '') : '',
    template_id: String(detail.template.id),
    seller_id: detail.seller ? String(detail.seller.id) : '',
    signature_type: detail.signature_type.id,
    payment_method_id: String(detail.payment.method.id),
    installments: String(detail.payment.installments),
    down_payment: detail.payment.down_payment === null ? '' : centsToInput(detail.payment.down_payment.amount_cents),
    down_payment_due_days: detail.payment.down_payment === null || detail.payment.down_payment.due_in_days === 0 ? '' : String(detail.payment.down_payment.due_in_days),
    first_due_days: detail.payment.custom_terms ? String(detail.payment.first_due_days) : '',
    installment_interval_days: detail.payment.custom_terms ? String(detail.payment.installment_interval_days) : '',
    valid_until: detail.valid_until ?? '',
    notes: detail.notes ?? '',
    copy_to: detail.copy_to.join('\n'),
    external_reference: detail.external_reference ?? '',
    items: detail.items.map((item) => ({
      product_id: String(item.product_id),
      product_code: item.code,
      quantity: quantityText(item.quantity),
      unit_price: centsToInput(item.unit_price_cents),
      discount: item.discount_cents === 0 ? '' : centsToInput(item.discount_cents),
      description: item.description ?? '',
      description_product: String(item.product_id),
    })),
    signers: detail.signers.map((signer) => ({
      name: signer.name,
      email: signer.email,
      cpf: formatDocument(signer.cpf),
      phone: signer.phone ?? '',
      role_id: String(signer.role.id),
      signing_order: String(signer.signing_order),
      email_code: signer.authentication === 'email_code' ? '1' : '',
    })),
    fields: Object.entries(detail.fields).map(([key, value]) => ({ key, value: value === null || value === undefined ? '' : String(value), type: storedFieldType(value) })),
  }
}

/**
 * A new document's form filled in from `source` ("Duplicar"): everything it holds, but its
 * external reference (an integration's key, one document each) and a validity already past
 * (`today` is the account's calendar day), which would only be refused on save.
 */
export function copiedFormValues(source: ProposalDetail, customerByRef: boolean, today: string): ProposalFormValues {
  const values = formValuesFromDetail(source, customerByRef)
  return { ...values, external_reference: '', valid_until: values.valid_until !== '' && values.valid_until < today ? '' : values.valid_until }
}

/**
 * The items of a form that names products by code (a catalogue too large for a select) with the
 * ids of the products `found` for their codes; a row without a code, or with one no product of the
 * account has, gets an error on its code field. Rows chosen from a select carry no code and are
 * left as they are, so a form shown before the catalogue crossed the limit still saves.
 */
export function applyProductCodes(values: ProposalFormValues, found: ReadonlyMap<string, { id: number }>, byCode: boolean): { values: ProposalFormValues; errors: FormErrors } {
  const errors: FormErrors = {}
  const items = values.items.map((item, index) => {
    const code = item.product_code.trim()
    if (code === '') {
      if (byCode && item.product_id.trim() === '') errors[`items[${index}][product_code]`] = t.proposals.errors.required
      return item
    }
    const product = found.get(code)
    if (!product) errors[`items[${index}][product_code]`] = t.proposals.errors.unknownProductCode
    return { ...item, product_id: product ? String(product.id) : '' }
  })
  return { values: { ...values, items }, errors }
}

const ID = TYPED_ID
const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
const EXTERNAL_REFERENCE = /^[\x21-\x7E]{1,100}$/

/** "1,5", "1.5", "2" → 1.5; null when not a plain decimal number. */
/**
 * A quantity typed the Brazilian way, as the document prints it: "1.000" is a thousand, "1,5" one
 * and a half, "1.250,5" both. A lone dot before one or two digits ("1.5") is a decimal point, as
 * in the money fields, and so is a dot after a lone zero ("0.125"). Reading "1.000" as one had
 * billed a thousandth of what the seller meant. The form's script (proposal-form-js.ts) reads it alike.
 */
export function parseQuantity(raw: string): number | null {
  const text = raw.trim()
  let plain: string
  if (/^(\d{1,9}|[1-9]\d{0,2}(\.\d{3}){1,2}),\d+$/.test(text)) plain = text.replace(/\./g, '').replace(',', '.')
  else if (/^[1-9]\d{0,2}(\.\d{3}){1,2}$/.test(text)) plain = text.replace(/\./g, '')
  else if (/^(\d{1,9}(\.\d{1,2})?|0\.\d{1,3})$/.test(text)) plain = text
  else return null
  return Number(plain)
}

/**
 * The input the module receives, and the problems of the form's own syntax. Where a value is
 * unusable a harmless stand-in is passed on, so the module can still report the other fields.
 */
export function parseProposalForm(values: ProposalFormValues, customerByRef: boolean): { input: CreateProposalInput; errors: FormErrors } {
  const errors: FormErrors = {}
  const fail = (name: string, message: string) => {
    if (errors[name] === undefined) errors[name] = message
  }
  const id = (name: string, raw: string, required: boolean): number | undefined => {
    const text = raw.trim()
    if (text === '') {
      if (required) fail(name, t.proposals.errors.choose)
      return required ? 0 : undefined
    }
    if (!ID.test(text)) {
      fail(name, t.proposals.errors.invalid)
      return 0
    }
    return Number(text)
  }
  const optionalText = (name: string, raw: string, max: number): string | null => {
    const text = raw.trim()
    if (text.length > max) fail(name, t.proposals.errors.tooLong)
    return text === '' ? null : text
  }
  // A price or a discount: at most R$ 1 billion, as the API takes them.
  const money = (name: string, raw: string, max = 100_000_000_000): number | undefined => {
    if (raw.trim() === '') return undefined
    const cents = inputToCents(raw)
    if (cents === null || cents > max) {
      fail(name, t.proposals.errors.money)
      return undefined
    }
    return cents
  }

  let customer: CreateProposalInput['customer']
  if (customerByRef) {
    if (values.customer_ref.trim() === '') fail('customer', t.proposals.errors.required)
    customer = values.customer_ref.trim() === '' ? { id: 0 } : customerReferenceInput(values.customer_ref)
  } else {
    customer = { id: id('customer', values.customer_id, true) ?? 0 }
  }

  const signatureType = values.signature_type === 'digital' ? 'digital' : 'paper'
  if (values.signature_type !== 'paper' && values.signature_type !== 'digital') fail('signature_type', t.proposals.errors.choose)

  let installments = 1
  if (values.installments.trim() !== '') {
    const count = installmentCount(values.installments)
    if (count === undefined) fail('installments', t.proposals.errors.installmentsRange)
    else installments = count
  }

  // Blank or zero: none. Whether it leaves a cent for each installment is the module's check.
  const downPayment = money('down_payment', values.down_payment, MAX_DOCUMENT_CENTS)
  // A down payment typed wrongly has its own error: its days are not blamed for it.
  const downPaymentDays = downPaymentDueDays(values.down_payment_due_days, values.down_payment.trim() !== '' && downPayment !== 0, fail)

  const typedTerms = parsePaymentTerms(values)
  for (const [field, message] of Object.entries(typedTerms.errors)) fail(field, message)

  const title = optionalText('title', values.title, 200)
  const validUntil = values.valid_until.trim()
  if (validUntil !== '' && !isCalendarDate(validUntil)) fail('valid_until', t.proposals.errors.date)
  const externalReference = values.external_reference.trim()
  if (externalReference !== '' && !EXTERNAL_REFERENCE.test(externalReference)) fail('external_reference', t.proposals.errors.externalReference)

  if (values.items.length === 0) fail('items', t.proposals.errors.noItems)
  if (values.items.length > 200) fail('items', t.proposals.errors.tooManyItems)
  const items = values.items.map((item, index) => {
    const name = (key: string) => `items[${index}][${key}]`
    const productId = id(name('product_id'), item.product_id, true) ?? 0
    let quantity = parseQuantity(item.quantity)
    if (item.quantity.trim() === '') fail(name('quantity'), t.proposals.errors.required)
    else if (quantity === null) fail(name('quantity'), t.proposals.errors.notANumber)
    else if (quantity <= 0) fail(name('quantity'), t.proposals.errors.quantityPositive)
    else if (quantity > 1_000_000) fail(name('quantity'), t.proposals.errors.quantityTooLarge)
    if (quantity === null || quantity <= 0 || quantity > 1_000_000) quantity = 1
    const unitPrice = money(name('unit_price'), item.unit_price)
    const discount = money(name('discount'), item.discount)
    const keepsDescription = item.description_product !== '' && item.description_product === item.product_id.trim() && item.description.length <= 2000
    return {
      product_id: productId,
      quantity,
      ...(keepsDescription ? { description: item.description === '' ? null : item.description } : {}),
      ...(unitPrice === undefined ? {} : { unit_price_cents: unitPrice }),
      ...(discount === undefined ? {} : { discount_cents: discount }),
    }
  })

  if (values.signers.length > 50) fail('signers', t.proposals.errors.tooManySigners)
  const signers = values.signers.map((signer, index) => {
    const name = (key: string) => `signers[${index}][${key}]`
    if (signer.name.trim() === '') fail(name('name'), t.proposals.errors.required)
    else if (signer.name.trim().length > 200) fail(name('name'), t.proposals.errors.tooLong)
    const email = signer.email.trim()
    if (email === '') fail(name('email'), t.proposals.errors.required)
    else if (!isEmailAddress(email)) fail(name('email'), t.proposals.errors.email)
    const cpf = signer.cpf.trim()
    if (cpf.length > 14) fail(name('cpf'), t.proposals.errors.cpf)
    const phone = signer.phone.trim()
    if (phone !== '' && !isPhoneNumber(phone)) fail(name('phone'), t.proposals.errors.phone)
    const roleId = id(name('role_id'), signer.role_id, true) ?? 0
    let signingOrder: number | undefined
    if (signer.signing_order.trim() !== '') {
      const order = /^\d{1,3}$/.test(signer.signing_order.trim()) ? Number(signer.signing_order.trim()) : 0
      if (order < 1 || order > 100) fail(name('signing_order'), t.proposals.errors.signingOrder)
      else signingOrder = order
    }
    return {
      name: signer.name.trim(),
      email,
      cpf: cpf === '' ? null : cpf,
      phone: phone === '' ? null : phone,
      role_id: roleId,
      ...(signingOrder === undefined ? {} : { signing_order: signingOrder }),
      authentication: signer.email_code === '' ? ('link' as const) : ('email_code' as const),
    }
  })

  const copyTo = splitCopyList(values.copy_to)
  const copyProblem = copyListProblem(copyTo)
  if (copyProblem !== null) fail('copy_to', copyProblemText(copyProblem))

  if (values.fields.length > 100) fail('fields', t.proposals.errors.tooManyFields)
  const fields: Record<string, FieldValue> = {}
  values.fields.forEach((field, index) => {
    const key = field.key.trim()
    if (!FIELD_KEY.test(key)) fail(`fields[${index}][key]`, t.proposals.errors.fieldKey)
    else if (Object.hasOwn(fields, key)) fail(`fields[${index}][key]`, t.proposals.errors.duplicateFieldKey)
    if (field.value.length > 5000) fail(`fields[${index}][value]`, t.proposals.errors.tooLong)
    if (FIELD_KEY.test(key) && !Object.hasOwn(fields, key)) fields[key] = typedFieldValue(field)
  })

  const sellerId = id('seller_id', values.seller_id, false)
  const input: CreateProposalInput = {
    ...(title === null ? {} : { title }),
    template_id: id('template_id', values.template_id, true) ?? 0,
    signature_type: signatureType,
    payment_method_id: id('payment_method_id', values.payment_method_id, true) ?? 0,
    installments,
    ...(downPayment ? { down_payment_cents: downPayment } : {}),
    ...(downPayment && downPaymentDays ? { down_payment_due_days: downPaymentDays } : {}),
    ...(typedTerms.terms === undefined ? {} : { payment_terms: typedTerms.terms }),
    ...(sellerId === undefined || sellerId === 0 ? {} : { seller_id: sellerId }),
    customer,
    items,
    signers,
    copy_to: copyTo.filter(isEmailAddress),
    valid_until: validUntil === '' || !isCalendarDate(validUntil) ? null : validUntil,
    notes: optionalText('notes', values.notes, 10000),
    fields,
    external_reference: externalReference === '' || !EXTERNAL_REFERENCE.test(externalReference) ? null : externalReference,
  }
  return { input, errors }
}

/** "Entrada vence em": blank or 0 on signing; else whole days within a term's bounds, and only beside a down payment. */
function downPaymentDueDays(typed: string, hasDownPayment: boolean, fail: (field: string, message: string) => void): number {
  const text = typed.trim()
  if (text === '') return 0
  const days = typedDays(text)
  if (!(days >= 0 && days <= MAX_TERM_DAYS)) fail('down_payment_due_days', t.registrationData.errors.invalid_days(0, MAX_TERM_DAYS))
  else if (days > 0 && !hasDownPayment) fail('down_payment_due_days', t.proposals.errors.downPaymentDaysWithoutDownPayment)
  else return days
  return 0
}

const ROW_MESSAGES: Record<string, Record<string, string>> = {
  items: { product_id: t.proposals.errors.unknownProduct, quantity: t.proposals.errors.quantityDecimals, discount_cents: t.proposals.errors.discountTooLarge, unit_price_cents: t.proposals.errors.lineTooLarge },
  signers: { role_id: t.proposals.errors.unknownRole, cpf: t.proposals.errors.cpf, email: t.proposals.errors.duplicateEmail, authentication: t.proposals.errors.emailCodeNeedsDigital },
}
const ROW_FIELD_NAMES: Record<string, string> = { discount_cents: 'discount', unit_price_cents: 'unit_price', authentication: 'email_code' }
const TOP_MESSAGES: Record<string, [string, string]> = {
  '/title': ['title', t.proposals.errors.tooLong],
  '/template_id': ['template_id', t.proposals.errors.unknownTemplate],
  '/payment_method_id': ['payment_method_id', t.proposals.errors.unknownPaymentMethod],
  '/installments': ['installments', t.proposals.errors.installments],
  '/down_payment_cents': ['down_payment', t.proposals.errors.downPaymentTooLarge],
  // The form checks the days' range and that a down payment is typed; what the module adds is the terms' first installment.
  '/down_payment_due_days': ['down_payment_due_days', t.proposals.errors.downPaymentAfterFirstInstallment],
  // The form checks the terms itself; these would be the module's own check of the same bounds.
  '/payment_terms/first_due_days': ['first_due_days', t.registrationData.errors.invalid_days(TERM_BOUNDS.first_due_days.min, TERM_BOUNDS.first_due_days.max)],
  '/payment_terms/installment_interval_days': ['installment_interval_days', t.registrationData.errors.invalid_days(TERM_BOUNDS.installment_interval_days.min, TERM_BOUNDS.installment_interval_days.max)],
  '/seller_id': ['seller_id', t.proposals.errors.unknownSeller],
  '/signers': ['signers', t.proposals.errors.digitalNeedsSigner],
  '/items': ['items', t.proposals.errors.noItems],
  '/valid_until': ['valid_until', t.proposals.errors.validUntilPast],
  '/external_reference': ['external_reference', t.proposals.errors.duplicateExternalReference],
  // The form checks the addresses' form, count and repetitions itself; what is left is the module's.
  '/copy_to': ['copy_to', t.proposals.errors.copyToPaper],
}

/** The module's field errors (JSON pointers into the input) as form errors, added where the form has none yet. */
export function addModuleErrors(errors: FormErrors, list: readonly FieldError[]): FormErrors {
  const add = (name: string, message: string) => {
    if (errors[name] === undefined) errors[name] = message
  }
  for (const error of list) {
    const row = /^\/(items|signers)\/(\d+)\/([a-z_]+)$/.exec(error.path)
    if (row) {
      const [, group, index, key] = row as unknown as [string, string, string, string]
      add(`${group}[${index}][${ROW_FIELD_NAMES[key] ?? key}]`, ROW_MESSAGES[group]?.[key] ?? t.proposals.errors.invalid)
    } else if (error.path.startsWith('/copy_to/')) {
      add('copy_to', t.proposals.errors.copyToSigner)
    } else if (error.path === '/customer' || error.path.startsWith('/customer/')) {
      add('customer', t.proposals.errors.unknownCustomer)
    } else {
      const [name, message] = TOP_MESSAGES[error.path] ?? ['_form', t.proposals.errors.invalid]
      add(name, message)
    }
  }
  return errors
}

/** The form errors an AppError of the module stands for, or null when it is not about the input. */
export function formErrorsOf(error: AppError, errors: FormErrors = {}): FormErrors | null {
  if (error.code === 'duplicate_external_reference') return addModuleErrors(errors, [{ in: 'body', path: '/external_reference', message: error.detail }])
  if (error.code === 'validation_failed' || error.code === 'customer_conflict') return addModuleErrors(errors, error.extras.errors ?? [])
  return null
}

export interface TotalsPreview {
  lines: Array<number | null>
  subtotal_cents: number
  discount_cents: number
  total_cents: number
  down_payment_cents: number
  installment_cents: number
}

/** What the script shows live, computed once on the server for the first paint (the stored totals are recomputed on saving). */
export function previewTotals(values: ProposalFormValues, priceOf: (productId: number) => number | undefined): TotalsPreview {
  const priced = values.items.map((item) => {
    const quantity = parseQuantity(item.quantity)
    const milli = quantity === null ? null : quantityToMilli(quantity)
    const unit = item.unit_price.trim() === '' ? priceOf(Number(item.product_id)) : (inputToCents(item.unit_price) ?? undefined)
    if (milli === null || unit === undefined) return null
    return { quantity_milli: milli, unit_price_cents: unit, discount_cents: inputToCents(item.discount) ?? 0 }
  })
  const valid = priced.filter((line): line is NonNullable<typeof line> => line !== null)
  const totals = documentTotals(valid)
  // What the script shows as one types: a down payment larger than the total leaves nothing to
  // split (saving says why); a total below zero (a discount above its line) shows none.
  const downPayment = Math.max(0, Math.min(inputToCents(values.down_payment) ?? 0, totals.total_cents))
  const schedule = installmentSchedule(totals.total_cents - downPayment, installmentCount(values.installments) ?? 1)
  return {
    lines: priced.map((line) => (line === null ? null : lineGrossCents(line) - line.discount_cents)),
    subtotal_cents: totals.subtotal_cents,
    discount_cents: totals.discount_cents,
    total_cents: totals.total_cents,
    down_payment_cents: downPayment,
    installment_cents: schedule[schedule.length - 1]!.amount_cents,
  }
}
