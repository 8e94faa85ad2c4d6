// Creating and editing a customer from the Clientes form. The rules are the API's: the document
// check of checkCustomerInput, the column mapping of applyCustomerInput (trimmed name, lower-case
// e-mail, upper-case UF, CEP as 01310-100, normalised document), and a code or document used by
// another customer of the account is refused. Returns field error codes, which the page words.
import type { Clock } from '../../platform/clock.js'
import type { Db } from '../../platform/db/connect.js'
import { FieldErrors } from '../../platform/errors.js'
import { parseDocument } from './brazilian-documents.js'
import type { CustomerRow } from './customer-mapper.js'
import { applyCustomerInput, checkCustomerInput, type CustomerInput, isDotSegmentCode } from './customer-input.js'
import { recordCustomerWrite } from './customer-events.js'
import { findCustomersByAnyKey } from './customer-repository.js'

export type CustomerFormField = 'name' | 'trade_name' | 'code' | 'document' | 'email' | 'phone' | 'street' | 'number' | 'complement' | 'district' | 'city' | 'state' | 'postal_code'

/**
 * required: empty; too_long; invalid_document: not a CPF/CNPJ or wrong check digits;
 * invalid_email; invalid_phone; invalid_state: not a UF; invalid_postal_code: not a CEP;
 * code_taken / document_taken: another customer of the account has it; dot_segment: a code "."
 * or "..", which no URL path can carry; invalid: anything else.
 */
export type CustomerFieldErrorCode =
  | 'required'
  | 'too_long'
  | 'invalid_document'
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_state'
  | 'invalid_postal_code'
  | 'code_taken'
  | 'dot_segment'
  | 'document_taken'
  | 'invalid'

export type CustomerFieldErrors = Partial<Record<CustomerFormField, CustomerFieldErrorCode>>

export type SaveCustomerResult = { ok: true; customer: CustomerRow; created: boolean } | { ok: false; errors: CustomerFieldErrors }

/**
 * The rules of checkCustomerInput that apply to a form. Its "inline data needs code or document"
 * rule does not: that rule lets the API find inline data again, while the form edits by id.
 */
export function checkCustomerForm(input: CustomerInput): CustomerFieldErrors {
  const errors: CustomerFieldErrors = {}
  if (input.name === undefined || input.name.trim() === '') errors.name = 'required'
  const found = new FieldErrors()
  checkCustomerInput({ ...input, name: input.name ?? '' }, found, '')
  for (const error of found.list) if (error.path === '/document') errors.document = 'invalid_document'
  if (input.code !== undefined && isDotSegmentCode(input.code.trim())) errors.code = 'dot_segment'
  return errors
}

/** Which of the input's code and document belong to a customer other than `customerId`. */
export async function findKeyConflicts(db: Db, accountId: number, customerId: number | null, input: CustomerInput): Promise<CustomerFieldErrors> {
  const document = input.document === undefined ? undefined : parseDocument(input.document)?.document
  const rows = await findCustomersByAnyKey(db, accountId, { code: input.code, document })
  const errors: CustomerFieldErrors = {}
  for (const row of rows) {
    if (row.id === customerId) continue
    if (input.code !== undefined && row.code === input.code) errors.code = 'code_taken'
    if (document !== undefined && row.document === document) errors.document = 'document_taken'
  }
  return errors
}

/**
 * Creates a customer (`existing` undefined) or updates `existing`, which the caller has already
 * found in this account. An absent code or document in `input` clears it on an update (the API
 * never clears them, as they identify its inline data; the form may).
 * `knownErrors` are problems the caller found in the form's shape (lengths, formats).
 */
export async function saveCustomer(
  db: Db,
  clock: Clock,
  accountId: number,
  existing: CustomerRow | undefined,
  input: CustomerInput,
  knownErrors: CustomerFieldErrors = {},
): Promise<SaveCustomerResult> {
  const customerId = existing?.id ?? null
  const shapeErrors = { ...checkCustomerForm(input), ...knownErrors }
  if (Object.keys(shapeErrors).length > 0) {
    // Report a taken code along with the rest, so one round trip shows every problem.
    const usable = { ...input, document: shapeErrors.document ? undefined : input.document, code: shapeErrors.code ? undefined : input.code }
    return { ok: false, errors: { ...(await findKeyConflicts(db, accountId, customerId, usable)), ...shapeErrors } }
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const conflicts = await findKeyConflicts(trx, accountId, customerId, input)
      if (Object.keys(conflicts).length > 0) return { ok: false, errors: conflicts }
      // The form edits every field: a code or document left empty is cleared.
      const write = await applyCustomerInput(trx, clock, accountId, input, { kind: 'inline', existing }, true)
      await recordCustomerWrite(trx, clock, accountId, write)
      return { ok: true, customer: write.row, created: existing === undefined }
    })
  } catch (error) {
    // Another request took the code or document between the check and the write: the unique
    // constraints refused it; say which, as the check would have.
    const conflicts = await findKeyConflicts(db, accountId, customerId, input)
    if (Object.keys(conflicts).length > 0) return { ok: false, errors: conflicts }
    throw error
  }
}
