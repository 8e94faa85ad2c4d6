// The customer part of a creation (DESIGN.md §3.4): either a reference to an existing customer
// (exactly one of id, code, document) or, when `name` is present, data that creates the customer
// or updates the one with that code (else that document).
import type { Db } from '../../platform/db/connect.js'
import type { Clock } from '../../platform/clock.js'
import { isoNow } from '../../platform/clock.js'
import { AppError, type FieldErrors } from '../../platform/errors.js'
import { parseDocument } from './brazilian-documents.js'
import { settleAll } from '../../platform/settle-all.js'
import type { CustomerRow } from './customer-mapper.js'
import { findCustomersByAnyKey, insertCustomer, lockCustomer, writeCustomerData } from './customer-repository.js'
import { normalizeEmail } from '../../platform/contact-formats.js'

export interface CustomerAddressInput {
  street?: string | null
  number?: string | null
  complement?: string | null
  district?: string | null
  city?: string | null
  state?: string | null
  postal_code?: string | null
}

export interface CustomerInput {
  id?: number
  code?: string
  document?: string
  name?: string
  trade_name?: string | null
  email?: string | null
  phone?: string | null
  address?: CustomerAddressInput | null
}

const DATA_FIELDS = ['trade_name', 'email', 'phone', 'address'] as const

/**
 * The code as it is stored and looked up: trimmed, so "CLI-0001 " names the customer "CLI-0001"
 * instead of creating a second one beside it.
 */
function codeOf(input: CustomerInput): string | undefined {
  return input.code?.trim()
}

/** CEP in its usual written form, 01310-100. */
export function normalizePostalCode(raw: string): string {
  const digits = raw.replace(/\D/g, '')
  return `${digits.slice(0, 5)}-${digits.slice(5)}`
}

function dataColumns(input: CustomerInput) {
  const columns: Record<string, string | null> = {}
  if (input.name !== undefined) columns.name = input.name.trim()
  if (input.trade_name !== undefined) columns.trade_name = input.trade_name
  if (input.email !== undefined) columns.email = input.email === null ? null : normalizeEmail(input.email)
  if (input.phone !== undefined) columns.phone = input.phone
  if (input.address !== undefined) {
    const address = input.address ?? {}
    const keys = ['street', 'number', 'complement', 'district', 'city', 'state', 'postal_code'] as const
    for (const key of keys) {
      if (input.address === null || address[key] !== undefined) {
        const value = address[key] ?? null
        columns[`address_${key}`] = value === null ? null : key === 'postal_code' ? normalizePostalCode(value) : key === 'state' ? value.toUpperCase() : value
      }
    }
  }
  return columns
}

/** A code a URL client (WHATWG) would resolve as a path step: /customers/../proposals names no customer. */
export function isDotSegmentCode(code: string): boolean {
  return code === '.' || code === '..'
}

/** Checks the shape rules a schema cannot express, adding every problem to `errors`. */
export function checkCustomerInput(input: CustomerInput, errors: FieldErrors, path = '/customer'): void {
  // The schema's minLength counts spaces, but name and code are stored trimmed: blank is empty.
  if (input.code !== undefined && codeOf(input) === '') errors.add(`${path}/code`, 'must not be blank')
  else if (input.code !== undefined && isDotSegmentCode(codeOf(input)!)) errors.add(`${path}/code`, 'must not be "." or ".." (a URL path cannot carry it)')
  if (input.name !== undefined && input.name.trim() === '') errors.add(`${path}/name`, 'must not be blank')
  if (input.document !== undefined && parseDocument(input.document) === null) errors.add(`${path}/document`, 'must be a valid CPF or CNPJ (check digits do not match)')
  if (input.name === undefined) {
    const given = (['id', 'code', 'document'] as const).filter((key) => input[key] !== undefined)
    if (given.length !== 1) errors.add(path, 'a customer reference needs exactly one of id, code or document (or name, to send inline data)')
    for (const field of DATA_FIELDS) {
      if (input[field] !== undefined) errors.add(`${path}/${field}`, 'inline customer data needs name')
    }
  } else {
    if (input.id !== undefined) errors.add(`${path}/id`, 'id refers to an existing customer and cannot be combined with inline data')
    if (input.code === undefined && input.document === undefined) errors.add(path, 'inline customer data needs code or document, so the customer can be found again')
  }
}

export type CustomerResolution =
  | { kind: 'reference'; row: CustomerRow | undefined }
  | { kind: 'inline'; existing: CustomerRow | undefined }

/** Reads what the input refers to; reports an unknown reference on its field. Writes nothing. */
export async function resolveCustomerInput(db: Db, accountId: number, input: CustomerInput, errors: FieldErrors, path = '/customer'): Promise<CustomerResolution> {
  const document = input.document === undefined ? undefined : (parseDocument(input.document)?.document ?? undefined)
  if (input.name === undefined) {
    const rows = await findCustomersByAnyKey(db, accountId, { id: input.id, code: codeOf(input), document })
    const row = rows[0]
    if (row === undefined) {
      const field = input.id !== undefined ? 'id' : input.code !== undefined ? 'code' : 'document'
      errors.add(`${path}/${field}`, 'no customer of this account matches this reference')
    }
    return { kind: 'reference', row }
  }
  const [byCode, byDocument] = (
    await settleAll([
      input.code === undefined ? [] : findCustomersByAnyKey(db, accountId, { code: codeOf(input) }),
      document === undefined ? [] : findCustomersByAnyKey(db, accountId, { document }),
    ])
  ).map((rows) => rows[0])
  if (byDocument !== undefined && byDocument.id !== byCode?.id && (byCode !== undefined || (byDocument.code !== null && input.code !== undefined))) {
    throw new AppError(
      'customer_conflict',
      `Document ${document} already belongs to customer ${byDocument.id}${byDocument.code === null ? '' : ` (code "${byDocument.code}")`}.`,
      { errors: [{ in: 'body', path: `${path}/document`, message: 'belongs to another customer of this account' }], existing_customer: { id: byDocument.id, code: byDocument.code, name: byDocument.name } },
    )
  }
  return { kind: 'inline', existing: byCode ?? byDocument }
}

/**
 * What applying inline data did: a customer only named (a reference), registered, or written over
 * `before`, the row as it was under the write's lock (customer-events.ts compares the two).
 */
export type CustomerWrite =
  | { kind: 'referenced'; row: CustomerRow }
  | { kind: 'created'; row: CustomerRow }
  | { kind: 'updated'; before: CustomerRow; row: CustomerRow }

/**
 * Creates or updates the customer of inline data; `row` is the one the document will point at.
 * `clearAbsentKeys` (the Clientes form, which edits every field) clears a code or document the
 * input lacks; the API never clears them, as they identify its inline data.
 */
export async function applyCustomerInput(db: Db, clock: Clock, accountId: number, input: CustomerInput, resolution: CustomerResolution, clearAbsentKeys = false): Promise<CustomerWrite> {
  if (resolution.kind === 'reference') return { kind: 'referenced', row: resolution.row! }
  const now = isoNow(clock)
  const parsed = input.document === undefined ? undefined : parseDocument(input.document)
  const identity: Record<string, string | null> = {}
  if (input.code !== undefined) identity.code = codeOf(input)!
  else if (clearAbsentKeys) identity.code = null
  if (parsed) Object.assign(identity, { document: parsed.document, document_type: parsed.type })
  else if (clearAbsentKeys) Object.assign(identity, { document: null, document_type: null })
  const columns = { ...dataColumns(input), ...identity }
  if (resolution.existing !== undefined) {
    // The row as it is now, held until the transaction ends: what the write changes is measured
    // against it, not against a copy another writer may have outdated since it was read.
    const before = await lockCustomer(db, accountId, resolution.existing.id)
    // The same data sent again (a CRM sends its customer with every document) is not written:
    // updated_at, which GET /customer-changes reads, moves only when the customer changed.
    const differs = (Object.entries(columns) as Array<[keyof CustomerRow, unknown]>).some(([column, value]) => before[column] !== value)
    return { kind: 'updated', before, row: differs ? await writeCustomerData(db, accountId, before.id, columns, now) : before }
  }
  return { kind: 'created', row: await insertCustomer(db, {
    account_id: accountId,
    name: input.name!.trim(),
    code: null,
    trade_name: null,
    document: null,
    document_type: null,
    email: null,
    phone: null,
    address_street: null,
    address_number: null,
    address_complement: null,
    address_district: null,
    address_city: null,
    address_state: null,
    address_postal_code: null,
    ...columns,
    created_at: now,
    updated_at: now,
  }) }
}
